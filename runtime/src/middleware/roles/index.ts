/**
 * Roles: an element with `roles:` is visible and usable only by callers holding one of them.
 * The core filters lists with {@link canUse}; {@link rolesMiddleware} refuses calls as if the element
 * did not exist, so a caller cannot even learn that a hidden element is there.
 */
import type { CallerIdentity } from '../../handler/context.js';
import type { ElementPolicy } from '../../registry/types.js';
import { HttpError, acceptsSyncNext, type CallMiddleware } from '../types.js';

/**
 * True when the caller may see and use an element with this policy (no `roles` means everyone).
 *
 * @example
 * canUse({ id: 'k1', roles: ['user'], scheme: 'apikey' }, { roles: ['admin'] }); // false
 * canUse({ id: 'k1', roles: ['user'], scheme: 'apikey' }, {}); // true
 */
export function canUse(caller: Pick<CallerIdentity, 'roles'>, policy: Pick<ElementPolicy, 'roles'> | undefined): boolean {
  const needed = policy?.roles;
  if (needed === undefined || needed.length === 0) return true;
  const held = caller.roles;
  for (let i = 0; i < held.length; i++) if (needed.includes(held[i]!)) return true;
  return false;
}

/**
 * Keeps only the elements the caller may use.
 *
 * @example
 * const visible = filterVisible(caller, registry.tools);
 */
export function filterVisible<T extends ElementPolicy>(caller: Pick<CallerIdentity, 'roles'>, elements: readonly T[]): T[] {
  return elements.filter((e) => canUse(caller, e));
}

const NOT_FOUND: Record<string, { rpc: number; noun: string }> = {
  tool: { rpc: -32602, noun: 'tool' },
  prompt: { rpc: -32602, noun: 'prompt' },
  resource: { rpc: -32002, noun: 'resource' },
  resourceTemplate: { rpc: -32002, noun: 'resource' },
};

/** The error a refused caller sees: the same as for an element that does not exist. */
export function hiddenElementError(kind: 'tool' | 'resource' | 'resourceTemplate' | 'prompt', name: string): HttpError {
  const e = NOT_FOUND[kind]!;
  return new HttpError(404, 'not_found', `unknown ${e.noun}: ${name}`, {}, e.rpc);
}

/**
 * Call middleware refusing calls to elements the caller's roles do not allow.
 *
 * @example
 * const mw = rolesMiddleware();
 */
export function rolesMiddleware(): CallMiddleware {
  return acceptsSyncNext((call, next) => {
    const t = call.target;
    if (t !== undefined && !canUse(call.caller, t.policy)) return Promise.reject(hiddenElementError(t.kind, t.name));
    return next();
  });
}

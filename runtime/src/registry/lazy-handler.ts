/**
 * Handlers loaded on first use. `registry.gen.ts` wraps every handler module in {@link lazyHandler}, so a server
 * with 1,000 tools starts without importing 1,000 modules, while the type argument keeps the compile-time check
 * that the module's default export satisfies its generated contract.
 */
import type { RegistryDefinition } from './types.js';

/** Any handler signature (tool, resource, template, prompt, completion). */
type AnyHandler = (...args: never[]) => unknown;

/** The module shape a handler file must have: its handler is the default export. */
export interface HandlerModule<H extends AnyHandler> {
  readonly default: H;
}

/** Thrown (and reported on the call that needed it) when a handler module cannot be loaded or has no usable default export. */
export class HandlerLoadError extends Error {
  constructor(
    /** The handler file, project-relative (`src/handlers/tools/sum.ts`). */
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`handler ${file} could not be loaded: ${reason}`, options);
    this.name = 'HandlerLoadError';
  }
}

const LOADER = Symbol.for('mcp-gen.lazyHandler');

interface LazyMarks {
  readonly [LOADER]: () => Promise<unknown>;
}

/** A short, path-free reason for a failed import (the full error stays in `cause`, for logs). */
function importFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND') return 'the module (or one it imports) was not found; run npm run build';
  if (error instanceof SyntaxError) return `syntax error: ${error.message}`;
  return typeof code === 'string' ? `import failed (${code})` : 'import failed (see the server log)';
}

/**
 * A handler that imports its module on first call and calls the module's default export; later calls go
 * straight to it. A module that fails to load rejects that call with a {@link HandlerLoadError} naming `file`
 * (the next call tries again); a default export that is not a function is reported the same way.
 *
 * @example
 * import type { Tools } from './contracts.gen.js';
 * const handler = lazyHandler<Tools['sum']>(() => import('../handlers/tools/sum.js'), 'src/handlers/tools/sum.ts');
 */
export function lazyHandler<H extends AnyHandler>(load: () => Promise<HandlerModule<H>>, file: string): H {
  let loaded: H | undefined;
  let loading: Promise<H> | undefined;
  const resolveModule = async (): Promise<H> => {
    let mod: HandlerModule<H>;
    try {
      mod = await load();
    } catch (error) {
      throw new HandlerLoadError(file, importFailure(error), { cause: error });
    }
    const handler: unknown = mod?.default;
    if (typeof handler !== 'function') throw new HandlerLoadError(file, 'its default export is not a function (export default the handler)');
    loaded = handler as H;
    return loaded;
  };
  const ensure = (): Promise<H> =>
    (loading ??= resolveModule().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  const call = (...args: Parameters<H>): unknown => {
    if (loaded !== undefined) return loaded(...args);
    return ensure().then((handler) => handler(...args));
  };
  const marks: LazyMarks = { [LOADER]: ensure };
  return Object.assign(call, marks) as unknown as H;
}

/**
 * Loads every lazy handler of a registry now (e.g. in a start-up check or before taking traffic); resolves to
 * the load errors, one per failing file, and never rejects. Handlers that are not lazy are skipped.
 *
 * @example
 * const problems = await preloadHandlers(registry);
 * for (const p of problems) console.error(p.message);
 */
export async function preloadHandlers(registry: RegistryDefinition): Promise<HandlerLoadError[]> {
  const loads: Promise<unknown>[] = [];
  const elements = [...registry.tools, ...registry.resources, ...registry.resourceTemplates, ...registry.prompts, ...registry.completions];
  for (const element of elements) {
    const loader = (element.handler as Partial<LazyMarks>)[LOADER];
    if (loader !== undefined) loads.push(loader());
  }
  const settled = await Promise.allSettled(loads);
  return settled.flatMap((s) => (s.status === 'rejected' ? [s.reason instanceof HandlerLoadError ? s.reason : new HandlerLoadError('?', String(s.reason))] : []));
}

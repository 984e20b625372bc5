/**
 * Turn Ajv errors into one readable line that names the field: `input.a: must be integer`.
 */
import type { ValidatorError } from '../registry/types.js';

function pathOf(root: string, instancePath: string): string {
  if (instancePath === '') return root;
  const segs = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = root;
  for (const s of segs) out += /^[0-9]+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  return out;
}

/**
 * @example
 * formatValidationErrors('input', [{ instancePath: '/a', keyword: 'type', params: {}, message: 'must be integer' }]);
 * // 'input.a: must be integer'
 */
export function formatValidationErrors(root: string, errors: readonly ValidatorError[] | null | undefined, limit = 5): string {
  if (!errors || errors.length === 0) return `${root}: is invalid`;
  const lines: string[] = [];
  for (const e of errors.slice(0, limit)) {
    if (e.keyword === 'required' && typeof e.params['missingProperty'] === 'string') {
      lines.push(`${pathOf(root, e.instancePath)}.${e.params['missingProperty']}: is required`);
    } else if (e.keyword === 'additionalProperties' && typeof e.params['additionalProperty'] === 'string') {
      lines.push(`${pathOf(root, e.instancePath)}.${e.params['additionalProperty']}: is not allowed`);
    } else {
      lines.push(`${pathOf(root, e.instancePath)}: ${e.message ?? e.keyword}`);
    }
  }
  if (errors.length > limit) lines.push(`(${errors.length - limit} more)`);
  return lines.join('; ');
}

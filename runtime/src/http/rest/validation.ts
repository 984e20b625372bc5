/**
 * Validation errors as REST clients see them: where (JSON Pointer into the body) and what.
 */
import type { ValidatorError } from '../../registry/types.js';

/** One problem with the request body. */
export interface FieldError {
  /** JSON Pointer into the body, `''` for the body itself. */
  readonly path: string;
  readonly message: string;
  readonly keyword: string;
}

/**
 * Turns Ajv errors into {@link FieldError}s (at most 20: enough to fix a request, bounded in size).
 *
 * @example
 * validationErrors([{ instancePath: '/a', keyword: 'type', params: {}, message: 'must be number' }])
 * // [{ path: '/a', message: 'must be number', keyword: 'type' }]
 */
export function validationErrors(errors: readonly ValidatorError[] | null | undefined): FieldError[] {
  return (errors ?? []).slice(0, 20).map((e) => {
    const extra = e.keyword === 'required' && typeof e.params['missingProperty'] === 'string' ? ` (${e.params['missingProperty']})` : '';
    return { path: e.instancePath, message: `${e.message ?? e.keyword}${extra}`, keyword: e.keyword };
  });
}

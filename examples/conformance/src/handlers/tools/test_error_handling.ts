import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `test_error_handling`: a thrown error becomes a tool result with `isError: true`. */
export default (async () => {
  throw new Error('This tool intentionally returns an error for testing');
}) satisfies Tools['test_error_handling'];

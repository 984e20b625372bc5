import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `test_simple_text`: a returned string is one text content item. */
export default (async () => 'This is a simple text response for testing.') satisfies Tools['test_simple_text'];

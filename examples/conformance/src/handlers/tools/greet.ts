import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `greet`: synchronous, never a task. */
export default (async ({ name }) => `Hello, ${name}!`) satisfies Tools['greet'];

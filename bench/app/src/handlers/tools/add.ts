import type { Tools } from '../../generated/contracts.gen.js';

/** `add`: the one tool of the benchmark, identical in every row. */
export default (async ({ a, b }) => ({ sum: a + b })) satisfies Tools['add'];

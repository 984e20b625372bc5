import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `sum`: the reference README's first example, `sum_(a, b) -> a + b`. */
export default (async ({ a, b }) => ({ result: a + b })) satisfies Tools['sum'];

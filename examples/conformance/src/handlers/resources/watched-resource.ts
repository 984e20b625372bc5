import type { Resources } from '../../generated/contracts.gen.js';

/** Resource `test://watched-resource`: clients may subscribe to its updates. */
export default (async () => 'Watched resource content') satisfies Resources['watched-resource'];

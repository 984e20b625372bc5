import type { Resources } from '../../generated/contracts.gen.js';
import { PNG_1X1 } from '../../fixtures.js';

/** Resource `test://static-binary`: bytes are sent as a base64 blob. */
export default (async () => Buffer.from(PNG_1X1, 'base64')) satisfies Resources['static-binary'];

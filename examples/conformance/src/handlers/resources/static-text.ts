import type { Resources } from '../../generated/contracts.gen.js';

/** Resource `test://static-text`: a string is text with the mimeType from mcp.yaml. */
export default (async () => 'This is the content of the static text resource.') satisfies Resources['static-text'];

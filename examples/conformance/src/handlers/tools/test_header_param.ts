import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `test_header_param`: the runtime already checked that Mcp-Param-Region equals `region`. */
export default (async ({ region }) => `Region: ${region}`) satisfies Tools['test_header_param'];

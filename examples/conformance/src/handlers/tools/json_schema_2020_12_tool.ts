import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `json_schema_2020_12_tool`: echoes its (2020-12 validated) input. */
export default (async (input) => `JSON Schema 2020-12 tool called with: ${JSON.stringify(input)}`) satisfies Tools['json_schema_2020_12_tool'];

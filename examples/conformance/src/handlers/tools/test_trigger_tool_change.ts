import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `test_trigger_tool_change`: announces a tools list change to every listening client. */
export default (async (_input, ctx) => {
  await ctx.notifyListChanged('tools');
  return 'Tools list change announced';
}) satisfies Tools['test_trigger_tool_change'];

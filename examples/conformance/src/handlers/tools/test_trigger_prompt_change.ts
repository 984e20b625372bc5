import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `test_trigger_prompt_change`: announces a prompts list change to every listening client. */
export default (async (_input, ctx) => {
  await ctx.notifyListChanged('prompts');
  return 'Prompts list change announced';
}) satisfies Tools['test_trigger_prompt_change'];

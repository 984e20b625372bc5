import type { Tools } from '../../generated/contracts.gen.js';
import { field } from '../../fixtures.js';

/** Tool `test_input_required_result_multi_round`: two questions, one per round. */
export default (async (_input, ctx) => {
  const step1 = await ctx.elicit(
    { message: 'Step 1: What is your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    { key: 'step1' },
  );
  const step2 = await ctx.elicit(
    { message: 'Step 2: What is your favorite color?', requestedSchema: { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] } },
    { key: 'step2' },
  );
  return `Multi-round complete for ${field(step1, 'name', 'friend')} who likes ${field(step2, 'color')}`;
}) satisfies Tools['test_input_required_result_multi_round'];

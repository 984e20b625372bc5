import type { Tools } from '../../generated/contracts.gen.js';
import { field } from '../../fixtures.js';

/** Tool `test_input_required_result_elicitation`: asks the user's name, then greets them. */
export default (async (_input, ctx) => {
  const answer = await ctx.elicit(
    { message: 'What is your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    { key: 'user_name' },
  );
  return `Hello, ${field(answer, 'name', 'friend')}!`;
}) satisfies Tools['test_input_required_result_elicitation'];

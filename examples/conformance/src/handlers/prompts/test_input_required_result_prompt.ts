import type { Prompts } from '../../generated/contracts.gen.js';
import { field } from '../../fixtures.js';

/** Prompt `test_input_required_result_prompt`: asks the user for context before rendering (input-required on 2026-07-28). */
export default (async (_args, ctx) => {
  const answer = await ctx.elicit(
    { message: 'What context should the prompt use?', requestedSchema: { type: 'object', properties: { context: { type: 'string' } }, required: ['context'] } },
    { key: 'user_context' },
  );
  return `Prompt with context: ${field(answer, 'context')}`;
}) satisfies Prompts['test_input_required_result_prompt'];

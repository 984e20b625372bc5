import type { Tools } from '../../generated/contracts.gen.js';
import { sampledText } from '../../fixtures.js';

/** Tool `test_input_required_result_sampling`: asks the client's model a question. */
export default (async (_input, ctx) => {
  const answer = await ctx.sample(
    { messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }], maxTokens: 100 },
    { key: 'capital_question' },
  );
  return `Sampling result: ${sampledText(answer) || 'no response'}`;
}) satisfies Tools['test_input_required_result_sampling'];

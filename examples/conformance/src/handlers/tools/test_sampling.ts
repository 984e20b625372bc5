import type { Tools } from '../../generated/contracts.gen.js';
import { sampledText } from '../../fixtures.js';

/** Tool `test_sampling`: asks the client's model and returns its answer. */
export default (async ({ prompt }, ctx) => {
  const answer = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 });
  return `LLM response: ${sampledText(answer) || 'No response'}`;
}) satisfies Tools['test_sampling'];

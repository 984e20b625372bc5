import type { Tools } from '../../generated/contracts.gen.js';
import { sampledText } from '../../fixtures.js';

/**
 * Tool `test_missing_capability`: needs sampling. When the request did not declare the sampling
 * capability, `ctx.sample()` fails with -32021 (MissingRequiredClientCapability, HTTP 400).
 */
export default (async (_input, ctx) => {
  const answer = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'Say hello.' } }], maxTokens: 20 });
  return `Sampled: ${sampledText(answer)}`;
}) satisfies Tools['test_missing_capability'];

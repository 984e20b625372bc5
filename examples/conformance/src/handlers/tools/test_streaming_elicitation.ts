import type { Tools } from '../../generated/contracts.gen.js';
import { field } from '../../fixtures.js';

/**
 * Tool `test_streaming_elicitation`: streams a progress notification, then asks for input. On the
 * stateless wire the question is an input-required result, never a request on the stream.
 */
export default (async (_input, ctx) => {
  ctx.log.info('streaming elicitation started');
  await ctx.progress(50, 100, 'halfway');
  const answer = await ctx.elicit(
    { message: 'Continue streaming?', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } },
    { key: 'continue' },
  );
  return `Streaming complete (ok=${field(answer, 'ok')})`;
}) satisfies Tools['test_streaming_elicitation'];

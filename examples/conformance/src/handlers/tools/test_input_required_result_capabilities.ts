import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `test_input_required_result_capabilities`: asks only for what the client declared it can do. */
export default (async (_input, ctx) => {
  const caps = ctx.clientCapabilities ?? {};
  const asks: Promise<unknown>[] = [];
  if (caps['elicitation'] !== undefined) {
    asks.push(ctx.elicit({ message: 'Elicitation input', requestedSchema: { type: 'object', properties: { value: { type: 'string' } }, required: ['value'] } }, { key: 'elicit_input' }));
  }
  if (caps['sampling'] !== undefined) {
    asks.push(ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'Sample request' } }], maxTokens: 50 }, { key: 'sample_input' }));
  }
  if (asks.length === 0) return 'No supported capabilities declared';
  await Promise.all(asks);
  return `capabilities-ok: received ${asks.length} answer(s)`;
}) satisfies Tools['test_input_required_result_capabilities'];

import type { Tools } from '../../generated/contracts.gen.js';
import { field } from '../../fixtures.js';

/** Tool `multi_input`: becomes a task, then asks two questions at once (answerable one by one). */
export default (async (_input, ctx) => {
  await ctx.continueAsTask();
  const [first, second] = await Promise.all([
    ctx.elicit({ message: 'First value?', requestedSchema: { type: 'object', properties: { value: { type: 'string' } }, required: ['value'] } }, { key: 'first' }),
    ctx.elicit({ message: 'Second value?', requestedSchema: { type: 'object', properties: { value: { type: 'string' } }, required: ['value'] } }, { key: 'second' }),
  ]);
  return `Received ${field(first, 'value')} and ${field(second, 'value')}`;
}) satisfies Tools['multi_input'];

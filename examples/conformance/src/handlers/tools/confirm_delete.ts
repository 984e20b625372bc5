import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `confirm_delete`: becomes a task, then parks until the user confirms. */
export default (async ({ filename }, ctx) => {
  await ctx.continueAsTask();
  const answer = await ctx.elicit({
    message: `Delete ${filename ?? 'the file'}?`,
    requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean' } }, required: ['confirm'] },
  });
  const confirmed = answer.action === 'accept' && answer.content?.['confirm'] === true;
  return confirmed ? `Deleted ${filename ?? 'the file'}` : `Kept ${filename ?? 'the file'}`;
}) satisfies Tools['confirm_delete'];

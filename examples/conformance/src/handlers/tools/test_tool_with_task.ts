import type { Tools } from '../../generated/contracts.gen.js';
import { field, sleep } from '../../fixtures.js';

/** Tool `test_tool_with_task`: asks the user's name (input-required round), then finishes as a task. */
export default (async (_input, ctx) => {
  const answer = await ctx.elicit(
    { message: 'What is your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    { key: 'user_name' },
  );
  await ctx.continueAsTask();
  await sleep(100, ctx.signal);
  return `Task finished for ${field(answer, 'name', 'friend')}`;
}) satisfies Tools['test_tool_with_task'];

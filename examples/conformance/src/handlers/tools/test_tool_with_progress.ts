import type { Tools } from '../../generated/contracts.gen.js';
import { sleep } from '../../fixtures.js';

/** Tool `test_tool_with_progress`: progress 0, 50, 100 of 100 (sent only when the client gave a token). */
export default (async (_input, ctx) => {
  for (const step of [0, 50, 100]) {
    if (step > 0) await sleep(50, ctx.signal);
    await ctx.progress(step, 100, `Completed step ${step} of 100`);
  }
  return `Progress reported for token ${String(ctx.meta?.['progressToken'] ?? 'none')}`;
}) satisfies Tools['test_tool_with_progress'];

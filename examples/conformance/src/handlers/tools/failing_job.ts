import type { Tools } from '../../generated/contracts.gen.js';
import { sleep } from '../../fixtures.js';

/** Tool `failing_job`: a tool error after about a second (the task completes with `isError`). */
export default (async (_input, ctx) => {
  await sleep(1000, ctx.signal);
  throw new Error('failing_job failed on purpose');
}) satisfies Tools['failing_job'];

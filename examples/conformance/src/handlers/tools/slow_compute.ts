import type { Tools } from '../../generated/contracts.gen.js';
import { sleep } from '../../fixtures.js';

/** Tool `slow_compute`: sleeps (cancellable), then reports; longer runs become tasks. */
export default (async ({ seconds, label }, ctx) => {
  await sleep(seconds * 1000, ctx.signal);
  return `Computed ${label ?? 'result'} after ${seconds} second(s)`;
}) satisfies Tools['slow_compute'];

import type { Tools } from '../../generated/contracts.gen.js';
import { sleep } from '../../fixtures.js';

/**
 * Tool `test_reconnection`: closes the SSE stream mid-call (SEP-1699); the client reconnects with
 * Last-Event-ID and still receives the result.
 */
export default (async (_input, ctx) => {
  ctx.closeSseStream(100);
  await sleep(300, ctx.signal);
  return 'Reconnection test completed successfully. If you received this, the client properly reconnected after stream closure.';
}) satisfies Tools['test_reconnection'];

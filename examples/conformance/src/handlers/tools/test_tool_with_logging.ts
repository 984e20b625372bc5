import type { Tools } from '../../generated/contracts.gen.js';
import { sleep } from '../../fixtures.js';

/** Tool `test_tool_with_logging`: three log notifications, spaced out, then a result. */
export default (async (_input, ctx) => {
  ctx.log.info('Tool execution started');
  await sleep(50, ctx.signal);
  ctx.log.info('Tool processing data');
  await sleep(50, ctx.signal);
  ctx.log.info('Tool execution completed');
  return 'Tool with logging executed successfully';
}) satisfies Tools['test_tool_with_logging'];

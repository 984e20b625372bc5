import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `test_logging_tool`: logs; on 2026-07-28 nothing is sent unless the request set a log level. */
export default (async (_input, ctx) => {
  ctx.log.info('Diagnostic trace logging activated');
  return 'Logging evaluated';
}) satisfies Tools['test_logging_tool'];

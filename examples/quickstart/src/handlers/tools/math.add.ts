import type { Tools } from '../../generated/contracts.gen.js';

/**
 * Tool `math.add`: roles and the 30 s cache come from mcp.yaml, so the handler is only the arithmetic.
 * `ctx.log` sends a log message to the client (when it asked for logs).
 */
export default (async ({ a, b }, ctx) => {
  ctx.log.debug(`adding ${a} and ${b}`);
  return { sum: a + b };
}) satisfies Tools['math.add'];

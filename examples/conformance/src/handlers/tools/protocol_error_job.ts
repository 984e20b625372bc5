import { INTERNAL_ERROR, RpcError } from '@mcp-gen/runtime';
import type { Tools } from '../../generated/contracts.gen.js';
import { sleep } from '../../fixtures.js';

/** Tool `protocol_error_job`: a protocol-level failure (RpcError) after a moment: the task ends `failed`. */
export default (async (_input, ctx) => {
  await sleep(500, ctx.signal);
  throw new RpcError(INTERNAL_ERROR, 'protocol_error_job crashed on purpose');
}) satisfies Tools['protocol_error_job'];

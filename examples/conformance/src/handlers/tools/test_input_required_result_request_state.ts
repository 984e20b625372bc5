import type { Tools } from '../../generated/contracts.gen.js';
import { field } from '../../fixtures.js';

/** Tool `test_input_required_result_request_state`: a confirmation; its answer rides in requestState. */
export default (async (_input, ctx) => {
  const answer = await ctx.elicit(
    { message: 'Please confirm', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } },
    { key: 'confirm' },
  );
  return `state-ok: requestState validated (ok=${field(answer, 'ok')})`;
}) satisfies Tools['test_input_required_result_request_state'];

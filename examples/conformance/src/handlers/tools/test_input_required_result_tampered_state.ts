import type { Tools } from '../../generated/contracts.gen.js';

/**
 * Tool `test_input_required_result_tampered_state`: a confirmation. The runtime signs requestState,
 * so a retry carrying an altered one is rejected (-32602) before this handler runs again.
 */
export default (async (_input, ctx) => {
  await ctx.elicit(
    { message: 'Please confirm', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } },
    { key: 'confirm' },
  );
  return 'integrity-ok: state verified';
}) satisfies Tools['test_input_required_result_tampered_state'];

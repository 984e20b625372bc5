import type { Tools } from '../../generated/contracts.gen.js';

/** Tool `test_input_required_result_list_roots`: asks for the client's roots. */
export default (async (_input, ctx) => {
  const roots = await ctx.listRoots({ key: 'client_roots' });
  return `Found ${roots.length} root(s)`;
}) satisfies Tools['test_input_required_result_list_roots'];

import type { Tools } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';
import { issueChanged } from '../../notify.js';

/** Tool `issues.delete` (admins only, by `roles:` in mcp.yaml): delete an issue and its comments. */
export default (async ({ id }, ctx) => {
  const deleted = issues().delete(id);
  if (deleted) {
    ctx.log.notice(`issue #${id} deleted by ${ctx.caller.id}`);
    await issueChanged(ctx, id);
  }
  return { deleted };
}) satisfies Tools['issues.delete'];

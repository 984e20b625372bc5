import { toolError } from '@mcp-gen/runtime';
import type { Tools } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';
import { IssueNotFoundError } from '../../issue-store.js';
import { issueChanged } from '../../notify.js';

/** Tool `issues.close`: close with a resolution (default `fixed`) and an optional closing comment. */
export default (async ({ id, resolution, comment }, ctx) => {
  try {
    const issue = issues().close(id, resolution ?? 'fixed', comment !== undefined ? { author: ctx.caller.id, text: comment } : undefined);
    await issueChanged(ctx, id);
    return { issue };
  } catch (error) {
    if (error instanceof IssueNotFoundError) return toolError(error.message);
    throw error;
  }
}) satisfies Tools['issues.close'];

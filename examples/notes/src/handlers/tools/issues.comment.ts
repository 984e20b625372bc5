import { toolError } from '@mcp-gen/runtime';
import type { Tools } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';
import { IssueNotFoundError } from '../../issue-store.js';
import { issueChanged } from '../../notify.js';

/** Tool `issues.comment`: add a comment; the author defaults to the caller's id. */
export default (async ({ id, text, author }, ctx) => {
  try {
    const comment = issues().addComment(id, author ?? ctx.caller.id, text);
    await issueChanged(ctx, id);
    return { comment };
  } catch (error) {
    if (error instanceof IssueNotFoundError) return toolError(error.message);
    throw error;
  }
}) satisfies Tools['issues.comment'];

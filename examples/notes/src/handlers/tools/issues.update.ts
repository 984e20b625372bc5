import { toolError } from '@mcp-gen/runtime';
import type { Tools } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';
import { IssueNotFoundError } from '../../issue-store.js';
import { issueChanged } from '../../notify.js';

/** Tool `issues.update`: change fields of an issue; `labels` replaces the old set. */
export default (async ({ id, title, body, status, priority, labels }, ctx) => {
  try {
    const issue = issues().update(id, {
      ...(title !== undefined ? { title } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(priority !== undefined ? { priority } : {}),
      ...(labels !== undefined ? { labels } : {}),
    });
    await issueChanged(ctx, id);
    return { issue };
  } catch (error) {
    if (error instanceof IssueNotFoundError) return toolError(error.message);
    throw error;
  }
}) satisfies Tools['issues.update'];

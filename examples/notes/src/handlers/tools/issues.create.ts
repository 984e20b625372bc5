import type { Tools } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';
import { issueChanged } from '../../notify.js';

/** Tool `issues.create`: file a new open issue. */
export default (async ({ title, body, priority, labels }, ctx) => {
  const issue = issues().create({
    title,
    ...(body !== undefined ? { body } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(labels !== undefined ? { labels } : {}),
  });
  ctx.log.info(`filed issue #${issue.id}: ${issue.title}`);
  await issueChanged(ctx, issue.id);
  return { issue };
}) satisfies Tools['issues.create'];

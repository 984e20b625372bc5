import { toolError } from '@mcp-gen/runtime';
import type { Tools } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';

/** Tool `issues.get`: one issue with its comments. */
export default (async ({ id }) => {
  const store = issues();
  const issue = store.get(id);
  if (!issue) return toolError(`issue #${id} does not exist; use issues.search to find it`);
  return { issue, comments: store.comments(id) };
}) satisfies Tools['issues.get'];

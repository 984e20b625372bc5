import { RpcError, RESOURCE_NOT_FOUND } from '@mcp-gen/runtime';
import type { ResourceTemplates } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';

/** Resource template `issue` (issues://issues/{id}): one issue with its comments, as JSON. */
export default (async ({ id }, ctx) => {
  const store = issues();
  const issue = store.get(id);
  if (!issue) throw new RpcError(RESOURCE_NOT_FOUND, `issue #${id} does not exist`, { uri: ctx.uri });
  return JSON.stringify({ issue, comments: store.comments(id) }, null, 2);
}) satisfies ResourceTemplates['issue'];

/**
 * Change notifications: after a write, subscribers of the issue and of the board hear about it
 * (`notifications/resources/updated`). A failed notification never fails the write.
 */
import type { HandlerContext } from '@mcp-gen/runtime';
import { BOARD_URI, issueUri } from './uris.js';

/** Tell subscribers that an issue (and so the board) changed. */
export async function issueChanged(ctx: HandlerContext, id: number): Promise<void> {
  const results = await Promise.allSettled([ctx.notifyResourceUpdated(issueUri(id)), ctx.notifyResourceUpdated(BOARD_URI)]);
  for (const result of results) {
    if (result.status === 'rejected') ctx.log.warning({ message: 'could not notify subscribers', issue: id, error: String(result.reason) });
  }
}

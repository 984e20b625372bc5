import type { Resources } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';
import { boardMarkdown } from '../../render.js';

/** Resource `board` (issues://board): open work by priority, as Markdown. */
export default (async () => {
  return boardMarkdown(issues().openIssues());
}) satisfies Resources['board'];

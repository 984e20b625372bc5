import type { ResourceTemplates } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';

/** Resource template `label-issues` (issues://labels/{label}): the issues with one label, newest first. */
export default (async ({ label }) => {
  const { issues: list, total } = issues().search({ label, limit: 100 });
  return JSON.stringify({ label, total, issues: list }, null, 2);
}) satisfies ResourceTemplates['label-issues'];

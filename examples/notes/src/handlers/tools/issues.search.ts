import type { Tools } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';

/** Tool `issues.search`: full-text search with filters, newest first. */
export default (async (filter) => {
  return issues().search(filter);
}) satisfies Tools['issues.search'];

import type { Tools } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';

/** Tool `issues.stats`: counts by status and priority and the top labels (cached 5 s by `ttl:`). */
export default (async () => {
  return issues().stats();
}) satisfies Tools['issues.stats'];

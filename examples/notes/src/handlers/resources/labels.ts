import type { Resources } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';

/** Resource `labels` (issues://labels): every label in use with its counts, as JSON. */
export default (async () => {
  return JSON.stringify({ labels: issues().labels() }, null, 2);
}) satisfies Resources['labels'];

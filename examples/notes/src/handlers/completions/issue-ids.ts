import type { Completions } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';

/** Completion `issue-ids`: numbers starting with the typed digits, or of issues whose title matches the typed words. */
export default (async (value) => {
  return issues().completeIds(value);
}) satisfies Completions['issue-ids'];

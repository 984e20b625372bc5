import type { Completions } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';

/** Completion `labels`: labels in use starting with what was typed, most used first. */
export default (async (value) => {
  return issues().completeLabels(value);
}) satisfies Completions['labels'];

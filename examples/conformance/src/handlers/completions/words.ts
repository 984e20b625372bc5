import type { Completions } from '../../generated/contracts.gen.js';

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'paris', 'park', 'parse'];

/** Completion provider `words`: fixture words starting with the typed prefix (case-insensitive). */
export default (async (value) => {
  const prefix = value.toLowerCase();
  return WORDS.filter((w) => w.startsWith(prefix));
}) satisfies Completions['words'];

import type { Prompts } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';

/** Prompt `release-notes`: draft notes from the issues closed as fixed. */
export default (async ({ since }) => {
  if (since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(since)) return `"${since}" is not a date (YYYY-MM-DD). Ask the user for the release start date.`;
  const fixed = issues().fixedSince(since);
  const range = since ? ` since ${since}` : '';
  if (fixed.length === 0) return `No issues were fixed${range}. Reply that there is nothing to announce.`;
  const list = fixed.map((i) => `- #${i.id} ${i.title}${i.labels.length > 0 ? ` [${i.labels.join(', ')}]` : ''}`).join('\n');
  return `Draft release notes for the ${fixed.length} issue${fixed.length === 1 ? '' : 's'} fixed${range}, grouped by label (features, bugs, docs), one plain-language line each:\n\n${list}`;
}) satisfies Prompts['release-notes'];

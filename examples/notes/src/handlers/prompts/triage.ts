import type { Prompts } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';
import { issueLine } from '../../render.js';

/** Prompt `triage`: review the open issues and propose priorities, labels and duplicates. */
export default (async ({ label }) => {
  const open = issues().openIssues(label);
  const scope = label ? ` labelled "${label}"` : '';
  if (open.length === 0) return `There are no open issues${scope}. Say so, and suggest nothing.`;
  const list = open.map((i) => `- ${issueLine(i)}${i.body ? `\n  ${i.body.split('\n')[0]!.slice(0, 200)}` : ''}`).join('\n');
  return {
    description: `Triage ${open.length} open issue${open.length === 1 ? '' : 's'}${scope}`,
    messages: [
      {
        role: 'user',
        content: {
          type: 'text',
          text:
            `Here are the open issues${scope}:\n\n${list}\n\n` +
            'For each issue, propose a priority (low, normal, high, urgent) and labels, and point out likely duplicates. ' +
            'Then list the three issues to work on first, with one sentence each on why. Use issues.update to apply changes only if asked.',
        },
      },
    ],
  };
}) satisfies Prompts['triage'];

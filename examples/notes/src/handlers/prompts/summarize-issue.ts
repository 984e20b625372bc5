import { embeddedResource } from '@mcp-gen/runtime';
import type { Prompts } from '../../generated/contracts.gen.js';
import { issues } from '../../db.js';
import { issueMarkdown } from '../../render.js';
import { issueUri } from '../../uris.js';

/** Prompt `summarize-issue`: the issue and its thread as an embedded resource, with the task. */
export default (async ({ id }) => {
  const number = Number(id);
  const store = issues();
  const issue = Number.isInteger(number) && number > 0 ? store.get(number) : undefined;
  if (!issue) return `Issue ${JSON.stringify(id)} does not exist. Ask the user for a valid issue number (see issues.search).`;
  return {
    description: `Summarize issue #${issue.id}`,
    messages: [
      { role: 'user', content: embeddedResource(issueUri(issue.id), issueMarkdown(issue, store.comments(issue.id)), 'text/markdown') },
      {
        role: 'user',
        content: {
          type: 'text',
          text: 'Summarize this issue and its discussion in at most five sentences, then suggest the single next step and who should take it.',
        },
      },
    ],
  };
}) satisfies Prompts['summarize-issue'];

/** Text renderings of issues for resources and prompts (Markdown, since models and people read it). */
import type { Comment, Issue } from './issue-store.js';

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

/** One line per issue: `#12 [high] Crash on start (bug, ui) - in progress`. */
export function issueLine(issue: Issue): string {
  const labels = issue.labels.length > 0 ? ` (${issue.labels.join(', ')})` : '';
  const status = issue.status === 'in_progress' ? ' - in progress' : issue.status === 'closed' ? ` - closed (${issue.resolution ?? 'fixed'})` : '';
  return `#${issue.id} [${issue.priority}] ${issue.title}${labels}${status}`;
}

/** The board: open work grouped by priority. */
export function boardMarkdown(open: readonly Issue[]): string {
  if (open.length === 0) return '# Board\n\nNo open issues.\n';
  const sections = PRIORITIES.map((priority) => {
    const items = open.filter((i) => i.priority === priority);
    return items.length === 0 ? '' : `## ${priority} (${items.length})\n\n${items.map((i) => `- ${issueLine(i)}`).join('\n')}\n`;
  }).filter((s) => s.length > 0);
  return `# Board\n\n${open.length} open issue${open.length === 1 ? '' : 's'}.\n\n${sections.join('\n')}`;
}

/** One issue with its discussion. */
export function issueMarkdown(issue: Issue, comments: readonly Comment[]): string {
  const head = `# ${issueLine(issue)}\n\nOpened ${issue.createdAt}, updated ${issue.updatedAt}.\n\n${issue.body || '_No description._'}\n`;
  const thread = comments.map((c) => `\n---\n**${c.author}** (${c.createdAt}):\n\n${c.text}\n`).join('');
  return head + thread;
}

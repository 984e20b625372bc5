/**
 * The notes example's storage on a real SQLite database: full-text search survives hostile input,
 * status changes keep resolution and timestamps consistent, labels and pages behave.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { IssueNotFoundError, IssueStore, ftsQuery } from '../../examples/notes/src/issue-store.js';

const stores: IssueStore[] = [];
function store(): IssueStore {
  let tick = Date.parse('2026-01-01T00:00:00Z');
  const s = new IssueStore(':memory:', { now: () => new Date((tick += 1000)) });
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.closeDatabase();
});

describe('IssueStore', () => {
  it('turns any text into a safe FTS5 query', () => {
    expect(ftsQuery('crash on "start"')).toBe('"crash"* "on"* "start"*');
    expect(ftsQuery('')).toBeUndefined();
    expect(ftsQuery('*** ) ( NEAR/ "')).toBe('"NEAR"*');
    const s = store();
    s.create({ title: 'Crash on start', body: 'NEAR the beginning' });
    for (const hostile of ['"', 'a OR', 'NOT', '(', ')', '*', 'title:x', '^x', '"unterminated', 'x AND', "'; DROP TABLE issues; --"]) {
      expect(() => s.search({ query: hostile }), hostile).not.toThrow();
    }
    expect(s.search({ query: "'; DROP TABLE issues; --" }).total).toBe(0);
    expect(s.search({}).total).toBe(1);
  });

  it('searches by prefix across title and body, with filters, newest first and paged', () => {
    const s = store();
    const a = s.create({ title: 'Login fails', body: 'Safari only', labels: ['bug'], priority: 'high' });
    const b = s.create({ title: 'Logout button hidden', labels: ['ui', 'bug'] });
    s.create({ title: 'Write the docs', labels: ['docs'] });
    expect(s.search({ query: 'log' }).issues.map((i) => i.id)).toEqual([b.id, a.id]);
    expect(s.search({ query: 'safar' }).issues.map((i) => i.id)).toEqual([a.id]);
    expect(s.search({ label: 'bug', priority: 'high' }).issues.map((i) => i.id)).toEqual([a.id]);
    const page = s.search({ limit: 2, offset: 2 });
    expect([page.total, page.issues.length]).toEqual([3, 1]);
  });

  it('keeps the search index in step with edits and deletes', () => {
    const s = store();
    const issue = s.create({ title: 'Typo in footer' });
    s.update(issue.id, { title: 'Broken link in footer' });
    expect(s.search({ query: 'typo' }).total).toBe(0);
    expect(s.search({ query: 'broken' }).total).toBe(1);
    expect(s.delete(issue.id)).toBe(true);
    expect(s.search({ query: 'broken' }).total).toBe(0);
    expect(s.delete(issue.id)).toBe(false);
  });

  it('closes with a resolution, reopens without one, and replaces labels', () => {
    const s = store();
    const issue = s.create({ title: 'Flaky test', labels: ['ci'] });
    const closed = s.close(issue.id, 'wontfix', { author: 'ada', text: 'Not worth it.' });
    expect(closed).toMatchObject({ status: 'closed', resolution: 'wontfix', commentCount: 1 });
    expect(closed.updatedAt > issue.updatedAt).toBe(true);
    const reopened = s.update(issue.id, { status: 'open', labels: ['ci', 'flaky'] });
    expect(reopened.status).toBe('open');
    expect(reopened.resolution).toBeUndefined();
    expect(reopened.labels).toEqual(['ci', 'flaky']);
    expect(s.update(issue.id, { status: 'closed' }).resolution).toBe('fixed');
    expect(s.fixedSince('2026-01-01').map((i) => i.id)).toEqual([issue.id]);
    expect(s.fixedSince('2999-01-01')).toEqual([]);
  });

  it('reports missing issues with IssueNotFoundError and leaves nothing half-written', () => {
    const s = store();
    expect(() => s.update(42, { title: 'x' })).toThrow(IssueNotFoundError);
    expect(() => s.addComment(42, 'a', 'b')).toThrow(/issue #42 does not exist/);
    expect(() => s.close(42, 'fixed', { author: 'a', text: 'b' })).toThrow(IssueNotFoundError);
    expect(s.db.prepare('SELECT count(*) AS n FROM comments').get()).toEqual({ n: 0 });
  });

  it('completes labels and issue ids from the data', () => {
    const s = store();
    const ids = Array.from({ length: 12 }, (_, i) => s.create({ title: `Issue number ${i + 1}`, labels: i % 2 === 0 ? ['docs'] : ['design'] }).id);
    s.create({ title: 'Dark mode', labels: ['design', 'ui'] });
    expect(s.completeLabels('d')).toEqual(['design', 'docs']);
    expect(s.completeLabels('U')).toEqual(['ui']);
    expect(s.completeIds('1')).toEqual(['13', '12', '11', '10', '1']);
    expect(s.completeIds('dark')).toEqual(['13']);
    expect(s.completeIds('')).toHaveLength(Math.min(20, ids.length + 1));
    expect(s.stats()).toMatchObject({ total: 13, byStatus: { open: 13 } });
  });
});

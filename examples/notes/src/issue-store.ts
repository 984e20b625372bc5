/**
 * The issue tracker's storage: SQLite through better-sqlite3 (synchronous, fast, one file).
 * Full-text search uses FTS5 kept in step by triggers. All SQL lives here; handlers stay thin.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type Status = 'open' | 'in_progress' | 'closed';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type Resolution = 'fixed' | 'wontfix' | 'duplicate' | 'invalid';

export interface Issue {
  id: number;
  title: string;
  body: string;
  status: Status;
  priority: Priority;
  labels: string[];
  resolution?: Resolution;
  commentCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Comment {
  id: number;
  issueId: number;
  author: string;
  text: string;
  createdAt: string;
}

export interface SearchFilter {
  query?: string;
  status?: Status;
  label?: string;
  priority?: Priority;
  limit?: number;
  offset?: number;
}

export interface IssuePatch {
  title?: string;
  body?: string;
  status?: Status;
  priority?: Priority;
  labels?: string[];
}

interface IssueRow {
  id: number;
  title: string;
  body: string;
  status: Status;
  priority: Priority;
  resolution: Resolution | null;
  created_at: string;
  updated_at: string;
  labels: string | null;
  comment_count: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS issues (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  resolution TEXT CHECK (resolution IN ('fixed', 'wontfix', 'duplicate', 'invalid')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE TABLE IF NOT EXISTS issue_labels (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  PRIMARY KEY (issue_id, label)
);
CREATE INDEX IF NOT EXISTS issue_labels_label ON issue_labels(label);
CREATE TABLE IF NOT EXISTS comments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_issue ON comments(issue_id);
CREATE VIRTUAL TABLE IF NOT EXISTS issues_fts USING fts5(title, body, content='issues', content_rowid='id');
CREATE TRIGGER IF NOT EXISTS issues_ai AFTER INSERT ON issues BEGIN
  INSERT INTO issues_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER IF NOT EXISTS issues_ad AFTER DELETE ON issues BEGIN
  INSERT INTO issues_fts(issues_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER IF NOT EXISTS issues_au AFTER UPDATE OF title, body ON issues BEGIN
  INSERT INTO issues_fts(issues_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO issues_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
`;

const SELECT_ISSUE = `
SELECT i.id, i.title, i.body, i.status, i.priority, i.resolution, i.created_at, i.updated_at,
  (SELECT group_concat(label, ',') FROM (SELECT label FROM issue_labels WHERE issue_id = i.id ORDER BY label)) AS labels,
  (SELECT count(*) FROM comments WHERE issue_id = i.id) AS comment_count
FROM issues i`;

/** Thrown for a missing issue; handlers turn it into a tool error the model can act on. */
export class IssueNotFoundError extends Error {
  constructor(readonly issueId: number) {
    super(`issue #${issueId} does not exist`);
    this.name = 'IssueNotFoundError';
  }
}

/**
 * Turns free text into a safe FTS5 query: every word becomes a quoted prefix term, all must match.
 * Returns undefined when nothing searchable is left.
 */
export function ftsQuery(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return undefined;
  return words.slice(0, 16).map((w) => `"${w}"*`).join(' ');
}

function toIssue(row: IssueRow): Issue {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    status: row.status,
    priority: row.priority,
    labels: row.labels ? row.labels.split(',') : [],
    ...(row.resolution ? { resolution: row.resolution } : {}),
    commentCount: row.comment_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The issue store.
 *
 * @example
 * const store = new IssueStore(':memory:');
 * const issue = store.create({ title: 'Crash on start', labels: ['bug'] });
 * store.search({ query: 'crash' }).total; // 1
 */
export class IssueStore {
  readonly db: Database.Database;
  private readonly now: () => Date;

  constructor(file: string, options: { now?: () => Date } = {}) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 2000');
    this.db.exec(SCHEMA);
    this.now = options.now ?? (() => new Date());
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  get(id: number): Issue | undefined {
    const row = this.db.prepare<[number], IssueRow>(`${SELECT_ISSUE} WHERE i.id = ?`).get(id);
    return row ? toIssue(row) : undefined;
  }

  /** The issue or an {@link IssueNotFoundError}. */
  require(id: number): Issue {
    const issue = this.get(id);
    if (!issue) throw new IssueNotFoundError(id);
    return issue;
  }

  create(input: { title: string; body?: string; priority?: Priority; labels?: string[] }): Issue {
    const at = this.stamp();
    const id = this.db.transaction(() => {
      const info = this.db
        .prepare('INSERT INTO issues (title, body, priority, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(input.title.trim(), input.body ?? '', input.priority ?? 'normal', at, at);
      const issueId = Number(info.lastInsertRowid);
      this.setLabels(issueId, input.labels ?? []);
      return issueId;
    })();
    return this.require(id);
  }

  private setLabels(issueId: number, labels: readonly string[]): void {
    this.db.prepare('DELETE FROM issue_labels WHERE issue_id = ?').run(issueId);
    const insert = this.db.prepare('INSERT OR IGNORE INTO issue_labels (issue_id, label) VALUES (?, ?)');
    for (const label of labels) insert.run(issueId, label);
  }

  update(id: number, patch: IssuePatch): Issue {
    this.db.transaction(() => {
      const current = this.require(id);
      const status = patch.status ?? current.status;
      const closing = status === 'closed' && current.status !== 'closed';
      const reopening = status !== 'closed' && current.status === 'closed';
      this.db
        .prepare(
          `UPDATE issues SET title = ?, body = ?, status = ?, priority = ?, updated_at = ?,
             resolution = CASE WHEN ? THEN NULL WHEN ? THEN coalesce(resolution, 'fixed') ELSE resolution END,
             closed_at = CASE WHEN ? THEN NULL WHEN ? THEN ? ELSE closed_at END
           WHERE id = ?`,
        )
        .run(
          patch.title?.trim() ?? current.title,
          patch.body ?? current.body,
          status,
          patch.priority ?? current.priority,
          this.stamp(),
          reopening ? 1 : 0,
          closing ? 1 : 0,
          reopening ? 1 : 0,
          closing ? 1 : 0,
          this.stamp(),
          id,
        );
      if (patch.labels) this.setLabels(id, patch.labels);
    })();
    return this.require(id);
  }

  close(id: number, resolution: Resolution, comment?: { author: string; text: string }): Issue {
    this.db.transaction(() => {
      this.require(id);
      const at = this.stamp();
      this.db
        .prepare(`UPDATE issues SET status = 'closed', resolution = ?, closed_at = coalesce(closed_at, ?), updated_at = ? WHERE id = ?`)
        .run(resolution, at, at, id);
      if (comment) this.addComment(id, comment.author, comment.text);
    })();
    return this.require(id);
  }

  addComment(issueId: number, author: string, text: string): Comment {
    return this.db.transaction(() => {
      this.require(issueId);
      const at = this.stamp();
      const info = this.db.prepare('INSERT INTO comments (issue_id, author, text, created_at) VALUES (?, ?, ?, ?)').run(issueId, author, text, at);
      this.db.prepare('UPDATE issues SET updated_at = ? WHERE id = ?').run(at, issueId);
      return { id: Number(info.lastInsertRowid), issueId, author, text, createdAt: at };
    })();
  }

  comments(issueId: number): Comment[] {
    return this.db
      .prepare<[number], { id: number; issue_id: number; author: string; text: string; created_at: string }>(
        'SELECT id, issue_id, author, text, created_at FROM comments WHERE issue_id = ? ORDER BY id',
      )
      .all(issueId)
      .map((r) => ({ id: r.id, issueId: r.issue_id, author: r.author, text: r.text, createdAt: r.created_at }));
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM issues WHERE id = ?').run(id).changes > 0;
  }

  search(filter: SearchFilter): { issues: Issue[]; total: number } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const match = filter.query === undefined ? undefined : ftsQuery(filter.query);
    if (match !== undefined) {
      where.push('i.id IN (SELECT rowid FROM issues_fts WHERE issues_fts MATCH ?)');
      params.push(match);
    }
    if (filter.status) {
      where.push('i.status = ?');
      params.push(filter.status);
    }
    if (filter.priority) {
      where.push('i.priority = ?');
      params.push(filter.priority);
    }
    if (filter.label) {
      where.push('EXISTS (SELECT 1 FROM issue_labels l WHERE l.issue_id = i.id AND l.label = ?)');
      params.push(filter.label);
    }
    const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM issues i${clause}`).get(...params) as { n: number }).n;
    const limit = Math.min(Math.max(filter.limit ?? 20, 1), 100);
    const offset = Math.max(filter.offset ?? 0, 0);
    const rows = this.db.prepare<(string | number)[], IssueRow>(`${SELECT_ISSUE}${clause} ORDER BY i.id DESC LIMIT ? OFFSET ?`).all(...params, limit, offset);
    return { issues: rows.map(toIssue), total };
  }

  /** Open and in-progress issues, most urgent first. */
  openIssues(label?: string): Issue[] {
    const byLabel = label ? ' AND EXISTS (SELECT 1 FROM issue_labels l WHERE l.issue_id = i.id AND l.label = ?)' : '';
    const rows = this.db
      .prepare<string[], IssueRow>(
        `${SELECT_ISSUE} WHERE i.status != 'closed'${byLabel}
         ORDER BY CASE i.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, i.id`,
      )
      .all(...(label ? [label] : []));
    return rows.map(toIssue);
  }

  /** Issues closed as fixed, on or after `since` (YYYY-MM-DD) when given, newest first. */
  fixedSince(since?: string): Issue[] {
    const rows = this.db
      .prepare<string[], IssueRow>(
        `${SELECT_ISSUE} WHERE i.status = 'closed' AND i.resolution = 'fixed'${since ? ' AND i.closed_at >= ?' : ''} ORDER BY i.closed_at DESC, i.id DESC`,
      )
      .all(...(since ? [since] : []));
    return rows.map(toIssue);
  }

  /** Labels with their total and open counts, most used first. */
  labels(): { label: string; count: number; open: number }[] {
    return this.db
      .prepare(
        `SELECT l.label AS label, count(*) AS count, sum(CASE WHEN i.status != 'closed' THEN 1 ELSE 0 END) AS open
         FROM issue_labels l JOIN issues i ON i.id = l.issue_id GROUP BY l.label ORDER BY count DESC, l.label`,
      )
      .all() as { label: string; count: number; open: number }[];
  }

  stats(): { total: number; byStatus: Record<string, number>; byPriority: Record<string, number>; labels: { label: string; count: number }[] } {
    const count = (column: 'status' | 'priority'): Record<string, number> =>
      Object.fromEntries(
        (this.db.prepare(`SELECT ${column} AS k, count(*) AS n FROM issues GROUP BY ${column} ORDER BY ${column}`).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]),
      );
    const total = (this.db.prepare('SELECT count(*) AS n FROM issues').get() as { n: number }).n;
    return { total, byStatus: count('status'), byPriority: count('priority'), labels: this.labels().slice(0, 20).map(({ label, count: n }) => ({ label, count: n })) };
  }

  /** Issue ids for completion: ids starting with `prefix`, or issues whose title matches it. */
  completeIds(prefix: string, limit = 20): string[] {
    const trimmed = prefix.trim();
    if (/^\d+$/.test(trimmed)) {
      return (this.db.prepare(`SELECT id FROM issues WHERE CAST(id AS TEXT) LIKE ? ORDER BY id DESC LIMIT ?`).all(`${trimmed}%`, limit) as { id: number }[]).map((r) => String(r.id));
    }
    const match = ftsQuery(trimmed);
    const rows = match
      ? (this.db.prepare('SELECT rowid AS id FROM issues_fts WHERE issues_fts MATCH ? ORDER BY rowid DESC LIMIT ?').all(match, limit) as { id: number }[])
      : (this.db.prepare('SELECT id FROM issues ORDER BY id DESC LIMIT ?').all(limit) as { id: number }[]);
    return rows.map((r) => String(r.id));
  }

  /** Labels starting with `prefix`, most used first. */
  completeLabels(prefix: string, limit = 20): string[] {
    const p = prefix.trim().toLowerCase();
    return this.labels()
      .filter((l) => l.label.startsWith(p))
      .slice(0, limit)
      .map((l) => l.label);
  }

  closeDatabase(): void {
    this.db.close();
  }
}

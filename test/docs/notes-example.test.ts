/**
 * The notes example does real work end to end, seen by the official MCP TypeScript SDK client over
 * Streamable HTTP and by plain REST: tools write to SQLite, resources and templates read it back,
 * completions come from the data, subscribers hear about changes, roles hide the admin tool.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotesApp, type RunningApp } from './notes-app.js';
import { lintOpenApi } from './redocly.js';

describe('examples/notes', () => {
  let app: RunningApp;
  let dataDir: string;
  let client: Client;
  const updated: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'notes-e2e-'));
    app = await startNotesApp(path.join(dataDir, 'notes.db'));
    client = new Client({ name: 'notes-e2e', version: '1.0.0' });
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updated.push(n.params.uri);
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(app.mcpUrl)));
  });

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists its tools, resources, templates and prompts; the admin tool is hidden from a caller without the role', async () => {
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(['issues.create', 'issues.search', 'issues.get', 'issues.update', 'issues.comment', 'issues.close', 'issues.stats']);
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['issues://board', 'issues://labels']);
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual(['issues://issues/{id}', 'issues://labels/{label}']);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['triage', 'summarize-issue', 'release-notes']);
  });

  it('files, searches, updates, comments on and closes issues in SQLite', async () => {
    const created = await client.callTool({ name: 'issues.create', arguments: { title: 'Login page crashes on Safari', body: 'Steps: open /login.', priority: 'high', labels: ['bug', 'ui'] } });
    expect(created.isError).toBeFalsy();
    const issue = (created.structuredContent as { issue: { id: number; status: string; labels: string[] } }).issue;
    expect(issue).toMatchObject({ status: 'open', labels: ['bug', 'ui'] });
    await client.callTool({ name: 'issues.create', arguments: { title: 'Document the export format', labels: ['docs'] } });

    const found = await client.callTool({ name: 'issues.search', arguments: { query: 'safar crash' } });
    expect((found.structuredContent as { total: number; issues: { id: number }[] }).issues.map((i) => i.id)).toEqual([issue.id]);
    const byLabel = await client.callTool({ name: 'issues.search', arguments: { label: 'docs' } });
    expect((byLabel.structuredContent as { total: number }).total).toBe(1);

    const updatedIssue = await client.callTool({ name: 'issues.update', arguments: { id: issue.id, status: 'in_progress', priority: 'urgent' } });
    expect((updatedIssue.structuredContent as { issue: { status: string; priority: string } }).issue).toMatchObject({ status: 'in_progress', priority: 'urgent' });
    const comment = await client.callTool({ name: 'issues.comment', arguments: { id: issue.id, text: 'Reproduced on Safari 18.' } });
    expect((comment.structuredContent as { comment: { issueId: number } }).comment.issueId).toBe(issue.id);
    const closed = await client.callTool({ name: 'issues.close', arguments: { id: issue.id, resolution: 'fixed', comment: 'Fixed in 1.2.' } });
    expect((closed.structuredContent as { issue: { status: string; resolution: string; commentCount: number } }).issue).toMatchObject({
      status: 'closed',
      resolution: 'fixed',
      commentCount: 2,
    });

    const missing = await client.callTool({ name: 'issues.get', arguments: { id: 9999 } });
    expect(missing.isError).toBe(true);
    const invalid = await client.callTool({ name: 'issues.create', arguments: { title: 'x', labels: ['Not A Label'] } });
    expect(invalid.isError).toBe(true);

    const stats = await client.callTool({ name: 'issues.stats', arguments: {} });
    expect((stats.structuredContent as { total: number; byStatus: Record<string, number> }).byStatus).toEqual({ closed: 1, open: 1 });
  });

  it('reads the board, an issue through its template, and the label index', async () => {
    const board = await client.readResource({ uri: 'issues://board' });
    expect(board.contents[0]).toMatchObject({ mimeType: 'text/markdown' });
    expect((board.contents[0] as { text: string }).text).toContain('Document the export format');
    const search = await client.callTool({ name: 'issues.search', arguments: { query: 'login' } });
    const id = (search.structuredContent as { issues: { id: number }[] }).issues[0]!.id;
    const one = await client.readResource({ uri: `issues://issues/${id}` });
    const parsed = JSON.parse((one.contents[0] as { text: string }).text) as { issue: { id: number }; comments: { text: string }[] };
    expect(parsed.issue.id).toBe(id);
    expect(parsed.comments.map((c) => c.text)).toEqual(['Reproduced on Safari 18.', 'Fixed in 1.2.']);
    await expect(client.readResource({ uri: 'issues://issues/424242' })).rejects.toThrow();
    const labels = JSON.parse(((await client.readResource({ uri: 'issues://labels' })).contents[0] as { text: string }).text) as { labels: { label: string }[] };
    expect(labels.labels.map((l) => l.label).sort()).toEqual(['bug', 'docs', 'ui']);
  });

  it('completes template variables and prompt arguments from the data', async () => {
    const labels = await client.complete({ ref: { type: 'ref/resource', uri: 'issues://labels/{label}' }, argument: { name: 'label', value: 'd' } });
    expect(labels.completion.values).toEqual(['docs']);
    const ids = await client.complete({ ref: { type: 'ref/prompt', name: 'summarize-issue' }, argument: { name: 'id', value: 'export' } });
    expect(ids.completion.values).toHaveLength(1);
  });

  it('gets prompts built from the issues', async () => {
    const triage = await client.getPrompt({ name: 'triage', arguments: {} });
    expect(JSON.stringify(triage.messages)).toContain('Document the export format');
    const notes = await client.getPrompt({ name: 'release-notes', arguments: {} });
    expect(JSON.stringify(notes.messages)).toContain('Login page crashes on Safari');
  });

  it('notifies subscribers when an issue changes', async () => {
    await client.subscribeResource({ uri: 'issues://board' });
    updated.length = 0;
    await client.callTool({ name: 'issues.create', arguments: { title: 'Subscribers should hear this' } });
    await expect.poll(() => updated.includes('issues://board'), { timeout: 5_000 }).toBe(true);
  });

  it('serves a /docs.json that the independent validator accepts, with one operation per tool the caller may see', async () => {
    const doc = (await (await fetch(`${app.url}/docs.json`)).json()) as { paths: Record<string, unknown> };
    const visible = app.toolNamesFor(['user']);
    expect(visible).not.toContain('issues.delete');
    for (const name of visible) expect(doc.paths[`/tools/${name}`], name).toBeDefined();
    // Admin-only: absent for an anonymous caller (default roles: user), with its input schema.
    expect(doc.paths['/tools/issues.delete']).toBeUndefined();
    expect(JSON.stringify(doc)).not.toContain('issues.delete');
    expect(JSON.stringify(doc)).not.toContain('IssuesDeleteInput');
    const report = await lintOpenApi(doc, 'notes-live.json');
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('serves the same tools as typed REST routes', async () => {
    const res = await fetch(`${app.url}/tools/issues.search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'closed' }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; issues: { title: string }[] };
    expect(body.issues.map((i) => i.title)).toEqual(['Login page crashes on Safari']);
    const bad = await fetch(`${app.url}/tools/issues.update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 1 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_params');
    const hidden = await fetch(`${app.url}/tools/issues.delete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 1 }) });
    expect(hidden.status).toBe(404);
  });
});

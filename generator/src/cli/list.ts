/**
 * `mcp-gen list`: the registry mcp.yaml declares, as a table (kind, name, title, roles, ttl, rate limit) or
 * JSON, like flask-mcp-server's `flask-mcp list`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Model } from '../model/types.js';
import { formatDiagnostics, loadConfig } from '../write/load-config.js';
import { colorEnabled, colors, printable } from './output.js';

export interface ListRow {
  readonly kind: 'tool' | 'resource' | 'resourceTemplate' | 'prompt' | 'completion';
  readonly name: string;
  readonly title: string | undefined;
  /** URI or URI template for resources. */
  readonly uri: string | undefined;
  readonly roles: readonly string[] | undefined;
  readonly ttl: number | undefined;
  readonly rateLimit: string | undefined;
}

/** The rows of the registry in declaration order. */
export function listRows(model: Model): ListRow[] {
  const rows: ListRow[] = [];
  const row = (kind: ListRow['kind'], e: { name: string; title?: string; roles?: string[]; ttl?: number; rateLimit?: string }, uri?: string): void => {
    rows.push({ kind, name: e.name, title: e.title, uri, roles: e.roles, ttl: e.ttl, rateLimit: e.rateLimit });
  };
  for (const t of model.tools) row('tool', t);
  for (const r of model.resources) row('resource', r, r.uri);
  for (const t of model.resourceTemplates) row('resourceTemplate', t, t.uriTemplate);
  for (const p of model.prompts) row('prompt', p);
  for (const c of model.completions) rows.push({ kind: 'completion', name: c.name, title: undefined, uri: undefined, roles: undefined, ttl: undefined, rateLimit: undefined });
  return rows;
}

/**
 * Renders rows as an aligned text table.
 *
 * @example
 * renderTable(listRows(model)) // 'KIND  NAME  TITLE ...'
 */
export function renderTable(rows: readonly ListRow[]): string {
  const header = ['KIND', 'NAME', 'TITLE', 'ROLES', 'TTL', 'RATE LIMIT'];
  const cells = rows.map((r) =>
    [
      r.kind === 'resourceTemplate' ? 'template' : r.kind,
      r.uri ? `${r.name} (${r.uri})` : r.name,
      r.title ?? '-',
      r.roles && r.roles.length > 0 ? r.roles.join(',') : '*',
      r.ttl !== undefined ? `${r.ttl}s` : '-',
      r.rateLimit ?? '-',
    ].map(printable),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (cols: readonly string[]): string => cols.map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n');
}

/**
 * Lists the registry of one config file; resolves to the exit code.
 *
 * @example
 * process.exitCode = await listCommand({ config: 'mcp.yaml', json: true });
 */
export async function listCommand(opts: { config: string; json?: boolean }): Promise<number> {
  const file = resolve(opts.config);
  if (!existsSync(file)) {
    process.stderr.write(`error: ${file} not found (run mcp-gen init, or pass --config <file>)\n`);
    return 1;
  }
  const { model, diagnostics, source } = await loadConfig(file);
  if (!model) {
    process.stderr.write(`${await formatDiagnostics(diagnostics, source, colorEnabled(process.stderr))}\n`);
    return 1;
  }
  const rows = listRows(model);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ server: { name: model.server.name, version: model.server.version }, elements: rows }, null, 2)}\n`);
    return 0;
  }
  const c = colors();
  process.stdout.write(`${c.bold(printable(model.server.name))} ${printable(model.server.version)}\n${rows.length > 0 ? renderTable(rows) : '(no elements)'}\n`);
  return 0;
}

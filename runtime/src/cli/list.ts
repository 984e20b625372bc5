/**
 * `list`: the registry, like the reference's `flask-mcp list` (text), or JSON with `--json`.
 */
import type { McpServer } from '../server/types.js';

/** Everything registered, with roles (an operator's view, not filtered by caller). */
export function registryListing(server: McpServer): Record<string, unknown[]> {
  const policy = (e: { roles?: readonly string[]; ttl?: number; rateLimit?: string }) => ({
    ...(e.roles !== undefined ? { roles: e.roles } : {}),
    ...(e.ttl !== undefined ? { ttl: e.ttl } : {}),
    ...(e.rateLimit !== undefined ? { rateLimit: e.rateLimit } : {}),
  });
  return {
    tools: server.tools().map((t) => ({ name: t.name, ...(t.title ? { title: t.title } : {}), ...(t.description ? { description: t.description } : {}), ...policy(t) })),
    resources: server.resources().map((r) => ({ name: r.name, uri: r.uri, ...(r.description ? { description: r.description } : {}), ...policy(r) })),
    resourceTemplates: server.resourceTemplates().map((r) => ({ name: r.name, uriTemplate: r.uriTemplate, ...(r.description ? { description: r.description } : {}), ...policy(r) })),
    prompts: server.prompts().map((p) => ({ name: p.name, arguments: p.arguments.map((a) => a.name), ...(p.description ? { description: p.description } : {}), ...policy(p) })),
    completions: server.completions().map((c) => ({ name: c.name, ...(c.description ? { description: c.description } : {}) })),
  };
}

/** Human-readable listing. */
export function formatListing(server: McpServer): string {
  const l = registryListing(server);
  const lines: string[] = [`${server.info.name} ${server.info.version}`];
  const section = (title: string, items: unknown[], line: (i: Record<string, unknown>) => string): void => {
    lines.push('', `${title} (${items.length})`);
    for (const i of items) lines.push('  ' + line(i as Record<string, unknown>));
  };
  const extra = (i: Record<string, unknown>): string =>
    (i['roles'] ? ` [roles: ${(i['roles'] as string[]).join(', ')}]` : '') + (i['description'] ? ` - ${String(i['description'])}` : '');
  section('tools', l['tools']!, (i) => `${String(i['name'])}${extra(i)}`);
  section('resources', l['resources']!, (i) => `${String(i['uri'])} (${String(i['name'])})${extra(i)}`);
  section('resource templates', l['resourceTemplates']!, (i) => `${String(i['uriTemplate'])} (${String(i['name'])})${extra(i)}`);
  section('prompts', l['prompts']!, (i) => `${String(i['name'])}(${(i['arguments'] as string[]).join(', ')})${extra(i)}`);
  section('completions', l['completions']!, (i) => `${String(i['name'])}${extra(i)}`);
  return lines.join('\n') + '\n';
}

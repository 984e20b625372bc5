/** The examples in docs/mcp-yaml.md are real: the complete one loads, and the quoted messages are exact. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { formatDiagnostics, loadProjectText } from '../../generator/src/config/index.js';

const doc = readFileSync(join(import.meta.dirname, '../../docs/mcp-yaml.md'), 'utf8');
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const head = 'mcp: 1\nserver: { name: t, version: "1" }\n';

test('the complete example loads without diagnostics', () => {
  const full = blocks.find((b) => b.startsWith('mcp: 1'));
  expect(full).toBeDefined();
  const r = loadProjectText('/docs/mcp.yaml', full!);
  expect(r.diagnostics).toEqual([]);
  expect(r.model!.tools[1]!.input['$defs']).toHaveProperty('address');
});

test('every partial example loads when given a header', () => {
  const partial = blocks.filter((b) => /^(tools|resources):/.test(b));
  expect(partial.length).toBeGreaterThanOrEqual(2);
  for (const b of partial) {
    const completions = b.includes('authors') ? 'completions: [{ name: authors }]\n' : '';
    const r = loadProjectText('/docs/mcp.yaml', head + b + completions);
    expect(r.diagnostics, b).toEqual([]);
  }
});

test('the diagnostics example is what the loader prints', () => {
  const shown = /```\n(mcp\.yaml:5:5[\s\S]*?)```/.exec(doc)?.[1]?.trimEnd();
  const r = loadProjectText('/docs/mcp.yaml', `${head}tools:\n  - name: math.add\n    inptu: { type: object }\n`, { displayName: 'mcp.yaml' });
  expect(formatDiagnostics(r.diagnostics, r.source)).toBe(shown);
});

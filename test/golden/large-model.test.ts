/**
 * A large model (1,000 tools with distinct schemas) builds, a rebuild without changes takes the manifest fast
 * path (writes nothing), and with the emit cache (node_modules/.cache) an edit rewrites only what it changes.
 * How fast each of these is, is measured by `npm run bench` (generator table), never asserted here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { build } from '../../generator/src/write/build.js';
import { removeProject, tempProject } from './support.js';

function bigYaml(n: number): string {
  const lines = ['mcp: 1', 'server: { name: big, version: "1.0.0" }', 'tools:'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  - name: group${i % 10}.tool${i}`,
      `    description: Tool number ${i}.`,
      `    roles: [user]`,
      '    input:',
      '      type: object',
      `      properties: { a${i}: { type: number, minimum: ${i} }, b: { type: string, format: email }, tags: { type: array, items: { type: string } } }`,
      `      required: [a${i}]`,
      '    output:',
      '      type: object',
      `      properties: { sum${i}: { type: number } }`,
      `      required: [sum${i}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// No node_modules: the emit cache stays off, so the first build is truly cold.
const dir = tempProject({ yaml: bigYaml(1000) }, 'mcp-gen-perf-', false);
afterAll(() => removeProject(dir));

test('1,000 tools: cold build, no-op fast path, cached edit', async () => {
  const config = join(dir, 'mcp.yaml');
  const cold = await build({ config });
  expect(cold.status).toBe('ok');
  expect(cold.stubsCreated).toHaveLength(1001);

  const noop = await build({ config });
  expect(noop.upToDate).toBe(true);
  expect(noop.written).toEqual([]);

  // with a node_modules folder the emit cache is on: fill it, then an edit reuses every unchanged schema
  mkdirSync(join(dir, 'node_modules'));
  expect((await build({ config, force: true })).status).toBe('ok');
  writeFileSync(config, bigYaml(1000).replace('Tool number 7.', 'Tool number seven.'));
  const edited = await build({ config });
  expect(edited.upToDate).toBe(false);
  expect(edited.written).toContain('src/generated/registry.gen.ts');
  expect(edited.written).not.toContain('src/generated/validators.gen.js');
}, 180_000);

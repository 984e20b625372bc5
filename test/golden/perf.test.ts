/**
 * Build speed on a large model: 1,000 tools with distinct input and output schemas must cold-build within 5 s
 * and rebuild without changes (the manifest fast path) within 0.5 s; with the emit cache (node_modules/.cache),
 * an edit rebuilds much faster than cold. The machine running tests is often shared, so builds are measured in
 * CPU time of this process (user + system), the no-op rebuild in wall time.
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

test('1,000 tools: cold build <= 5 s CPU, no-op rebuild <= 0.5 s', async () => {
  const config = join(dir, 'mcp.yaml');
  const cpu = process.cpuUsage();
  const cold = await build({ config });
  const used = process.cpuUsage(cpu);
  const coldCpuMs = (used.user + used.system) / 1000;
  expect(cold.status).toBe('ok');
  expect(cold.stubsCreated).toHaveLength(1001);
  expect(coldCpuMs).toBeLessThanOrEqual(5000);

  const started = performance.now();
  const noop = await build({ config });
  const noopMs = performance.now() - started;
  expect(noop.upToDate).toBe(true);
  expect(noop.written).toEqual([]);
  expect(noopMs).toBeLessThanOrEqual(500);

  // with a node_modules folder the emit cache is on: fill it, then an edit reuses every unchanged schema
  mkdirSync(join(dir, 'node_modules'));
  expect((await build({ config, force: true })).status).toBe('ok');
  writeFileSync(config, bigYaml(1000).replace('Tool number 7.', 'Tool number seven.'));
  const cpu2 = process.cpuUsage();
  const edited = await build({ config });
  const used2 = process.cpuUsage(cpu2);
  const editCpuMs = (used2.user + used2.system) / 1000;
  expect(edited.upToDate).toBe(false);
  expect(edited.written).toContain('src/generated/registry.gen.ts');
  expect(edited.written).not.toContain('src/generated/validators.gen.js');
  expect(editCpuMs).toBeLessThan(coldCpuMs * 0.75);
  console.log(`cold build: ${Math.round(coldCpuMs)} ms CPU (${cold.durationMs} ms wall); no-op: ${Math.round(noopMs)} ms; edit with cache: ${Math.round(editCpuMs)} ms CPU`);
}, 180_000);

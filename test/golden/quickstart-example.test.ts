/**
 * examples/quickstart commits its generated output: it must be exactly what the generator makes now
 * (regenerate with `npm run build -w examples/quickstart`), and its handlers must be filled in, not stubs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { build } from '../../generator/src/write/build.js';
import { repoRoot } from './support.js';

const example = join(repoRoot, 'examples', 'quickstart');

test('the committed generated output of examples/quickstart is fresh', async () => {
  const report = await build({ config: join(example, 'mcp.yaml'), check: true, force: true });
  expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(report.stale.map((s) => `${s.reason} ${s.path}`), 'run: npm run build -w examples/quickstart').toEqual([]);
  expect(report.orphans).toEqual([]);
});

test('the quickstart handlers are implemented (no stub left)', () => {
  for (const f of ['tools/sum.ts', 'tools/math.add.ts', 'resources/about.ts', 'resources/profile.ts', 'prompts/greet.ts', 'completions/cities.ts']) {
    const text = readFileSync(join(example, 'src', 'handlers', f), 'utf8');
    expect(text, f).not.toMatch(/NotImplementedError|not implemented yet/);
  }
});

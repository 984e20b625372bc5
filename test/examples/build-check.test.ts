/**
 * Every project in this repository that mcp-gen builds must commit fresh generated output:
 * `mcp-gen build --check` (what a user's CI runs) exits 0 in each. Needs `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}generator/bin/mcp-gen.js`;
const projects = ['examples/quickstart', 'examples/notes', 'examples/conformance', 'bench/app'];

describe('mcp-gen build --check on every project', () => {
  test.each(projects)('%s is fresh', (project) => {
    expect(existsSync(`${root}${project}/mcp.yaml`)).toBe(true);
    const r = spawnSync(process.execPath, [bin, 'build', '--check'], { cwd: `${root}${project}`, encoding: 'utf8' });
    expect(r.stderr + r.stdout).not.toMatch(/stale|missing|extra/i);
    expect(r.status).toBe(0);
  });
});

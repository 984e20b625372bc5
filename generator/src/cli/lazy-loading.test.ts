/**
 * A no-op `mcp-gen build` decides "up to date" from the manifest alone, so it must not load the packages only a
 * real build needs (Handlebars, Ajv, json-schema-to-typescript, ts-morph, the yaml parsers, chokidar) nor the
 * runtime's main entry (Express, prom-client, pino). Checked by the CommonJS modules the built CLI loaded.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cliBin, removeProject, requireBuilt, tempProject } from '../../../test/golden/support.js';

const YAML = `mcp: 1
server: { name: lazy, version: "1.0.0" }
tools:
  - name: add
    input: { type: object, properties: { a: { type: number } } }
`;

const HEAVY = ['handlebars', 'ajv', 'json-schema-to-typescript', 'ts-morph', 'js-yaml', 'chokidar', 'express', 'prom-client', 'pino'];

/** Runs the CLI in-process in a child and lists which HEAVY packages ended up in require.cache. */
function loadedPackages(cwd: string, ...args: string[]): { code: number | null; loaded: string[]; stderr: string } {
  const script = `
    const { createRequire } = await import('node:module');
    const bin = ${JSON.stringify(pathToFileURL(cliBin).href)};
    const { main } = await import(new URL('../dist/cli/main.js', bin).href);
    const code = await main(['node', 'mcp-gen', ...${JSON.stringify(args)}]);
    const cache = Object.keys(createRequire(import.meta.url).cache);
    const heavy = ${JSON.stringify(HEAVY)}.filter((p) => cache.some((f) => f.includes('/node_modules/' + p + '/')));
    process.stdout.write(JSON.stringify({ code, heavy }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8', timeout: 60_000 });
  const out = JSON.parse(r.stdout || '{"code":null,"heavy":[]}') as { code: number; heavy: string[] };
  return { code: out.code, loaded: out.heavy, stderr: r.stderr };
}

let dir = '';
beforeAll(() => {
  requireBuilt();
  dir = tempProject({ yaml: YAML });
});
afterAll(() => removeProject(dir));

describe('mcp-gen build loads what it needs', () => {
  test('a real build loads the emit packages (the check can fail)', () => {
    const first = loadedPackages(dir, 'build', '--quiet');
    expect(first.code, first.stderr).toBe(0);
    expect(first.loaded).toEqual(expect.arrayContaining(['handlebars', 'ajv', 'json-schema-to-typescript']));
  });

  test('a no-op rebuild and an up-to-date --check load none of them', () => {
    const noop = loadedPackages(dir, 'build', '--quiet');
    expect(noop.code, noop.stderr).toBe(0);
    expect(noop.loaded).toEqual([]);
    const check = loadedPackages(dir, 'build', '--check', '--quiet');
    expect(check.code, check.stderr).toBe(0);
    expect(check.loaded).toEqual([]);
  });
});

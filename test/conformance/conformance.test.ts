/**
 * The official MCP conformance suites against examples/conformance, as part of `npm test`:
 * builds the example, runs test/conformance/run.mjs (which serves it on an ephemeral loopback port
 * and runs @modelcontextprotocol/conformance 0.1.16 and 0.2.0-alpha.12 `--suite all`), then asserts
 * that every listed scenario ran and passed with no FAILURE and no WARNING check.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Row {
  scenario: string;
  passed: number;
  failed: number;
  warnings: number;
  skipped: number;
  info: number;
  problems: string[];
}
interface SuiteResult {
  suite: string;
  label: string;
  rows: Row[];
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? 1, out });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'mcp-gen-conformance-test-'));
let results: SuiteResult[] = [];
let runnerOutput = '';

beforeAll(async () => {
  // The runtime is built by `npm test` (npm run build) before vitest; the example is built here.
  const build = await run('npm', ['run', 'build', '-w', 'examples/conformance'], 180_000);
  if (build.code !== 0) throw new Error(`building examples/conformance failed:\n${build.out}`);
  const json = join(dir, 'results.json');
  const r = await run(process.execPath, ['test/conformance/run.mjs', '--no-build', '--json', json], 280_000);
  runnerOutput = r.out;
  process.stdout.write(r.out);
  try {
    results = JSON.parse(readFileSync(json, 'utf8')) as SuiteResult[];
  } catch {
    throw new Error(`the conformance runner wrote no results:\n${r.out}`);
  }
}, 480_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the conformance runner', () => {
  it('fails (exit 1, FAIL row) against a server that lacks a fixture', async () => {
    const { startClient2App } = await import('../interop/client2-fixture.js');
    const started = await startClient2App();
    try {
      const r = await run(process.execPath, ['test/conformance/run.mjs', '--url', started.url, '--suite', '0.1', '--scenario', 'tools-call-simple-text'], 120_000);
      expect(r.code, r.out).toBe(1);
      expect(r.out).toMatch(/tools-call-simple-text\s+FAIL/);
      expect(r.out).toContain('NOT CONFORMANT: 0.1:tools-call-simple-text');
    } finally {
      await started.app.close();
    }
  }, 150_000);
});

describe('official conformance suites against examples/conformance', () => {
  it('ran both suites with every scenario they list (32 and 65)', () => {
    expect(results.map((r) => r.suite)).toEqual(['0.1', '0.2']);
    expect(results[0]!.rows).toHaveLength(32);
    expect(results[1]!.rows).toHaveLength(65);
  });

  for (const suite of ['0.1', '0.2']) {
    it(`suite ${suite}: every scenario passes with no failures and no warnings`, () => {
      const r = results.find((x) => x.suite === suite);
      expect(r, runnerOutput).toBeDefined();
      const bad = r!.rows.filter((x) => x.failed > 0 || x.warnings > 0).map((x) => `${x.scenario}: ${x.problems.join(' | ')}`);
      expect(bad, runnerOutput).toEqual([]);
      // a scenario may legitimately only skip (optional features) but must have run
      for (const row of r!.rows) expect(row.passed + row.skipped + row.info, `${row.scenario} reported no checks`).toBeGreaterThan(0);
    });
  }
});

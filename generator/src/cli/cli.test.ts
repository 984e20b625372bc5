/**
 * The built `mcp-gen` command as a user runs it (node generator/bin/mcp-gen.js): exit codes, --check with diffs,
 * --json, --watch rebuilding and recovering, validate, list, init refusing to overwrite.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cliBin, removeProject, requireBuilt, tempProject } from '../../../test/golden/support.js';

const YAML = `mcp: 1
server: { name: cli, version: "1.0.0" }
tools:
  - name: add
    title: Add
    roles: [user]
    ttl: 30
    rateLimit: 5/s
    input:
      type: object
      properties: { a: { type: number }, b: { type: number } }
      required: [a, b]
`;

function run(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliBin, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function project(yaml = YAML): string {
  const dir = tempProject({ yaml });
  cleanups.push(() => removeProject(dir));
  return dir;
}

beforeAll(() => requireBuilt());

describe('mcp-gen build', () => {
  test('prints the summary line and exits 0', () => {
    const dir = project();
    const r = run(dir, 'build');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✔ 8 written, 0 unchanged, 2 stubs created, 0 orphans in \d+ ms\n$/);
    const again = run(dir, 'build');
    expect(again.stdout).toMatch(/0 written, 8 unchanged, 0 stubs created, 0 orphans in \d+ ms \(up to date\)/);
  });

  test('--check: 1 with a unified diff when stale, 0 when fresh; writes nothing', () => {
    const dir = project();
    const missing = run(dir, 'build', '--check');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing src/generated/registry.gen.ts');
    expect(run(dir, 'build', '--quiet').code).toBe(0);
    expect(run(dir, 'build', '--check').code).toBe(0);

    writeFileSync(join(dir, 'mcp.yaml'), YAML.replace('title: Add', 'title: Addition'));
    const registryBefore = readFileSync(join(dir, 'src/generated/registry.gen.ts'), 'utf8');
    const stale = run(dir, 'build', '--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('changed src/generated/registry.gen.ts');
    expect(stale.stderr).toContain("-      title: 'Add',");
    expect(stale.stderr).toContain("+      title: 'Addition',");
    expect(readFileSync(join(dir, 'src/generated/registry.gen.ts'), 'utf8')).toBe(registryBefore);

    // hand edits to a generated file are stale too
    expect(run(dir, 'build', '-q').code).toBe(0);
    writeFileSync(join(dir, 'src/generated/app.gen.ts'), '// edited\n');
    const edited = run(dir, 'build', '--check');
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain('changed src/generated/app.gen.ts');
  });

  test('--json prints a machine-readable report', () => {
    const dir = project();
    const r = run(dir, 'build', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { status: string; written: string[]; stubsCreated: string[] };
    expect(report.status).toBe('ok');
    expect(report.written).toContain('src/generated/types.gen.ts');
    expect(report.stubsCreated).toEqual(['src/handlers/tools/add.ts', 'src/main.ts']);
  });

  test('an invalid mcp.yaml: diagnostics with place, exit 1, nothing written', () => {
    const dir = project(YAML.replace('name: add', 'name: "add me"'));
    const r = run(dir, 'build');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/mcp\.yaml:\d+:\d+ tools\[0\]\.name/);
    expect(r.stderr).toContain('nothing was written');
    expect(run(dir, 'build', '--check').code).toBe(1);
  });

  test('usage errors exit 2; --help documents exit codes', () => {
    const dir = project();
    expect(run(dir, 'build', '--nope').code).toBe(2);
    expect(run(dir, 'frobnicate').code).toBe(2);
    expect(run(dir, 'build', '--check', '--watch').code).toBe(2);
    const help = run(dir, 'build', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect(help.stdout).toContain('Examples:');
  });
});

describe('mcp-gen validate and list', () => {
  test('validate: 0 when valid, 1 with diagnostics', () => {
    const dir = project();
    expect(run(dir, 'validate').code).toBe(0);
    writeFileSync(join(dir, 'mcp.yaml'), YAML.replace('mcp: 1', 'mcp: 2'));
    const bad = run(dir, 'validate');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/mcp\.yaml:1:\d+/);
  });

  test('list: a table and JSON', () => {
    const dir = project();
    const table = run(dir, 'list');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/KIND\s+NAME\s+TITLE\s+ROLES\s+TTL\s+RATE LIMIT/);
    expect(table.stdout).toMatch(/tool\s+add\s+Add\s+user\s+30s\s+5\/s/);
    const json = JSON.parse(run(dir, 'list', '--json').stdout) as { elements: { kind: string; name: string; roles: string[] }[] };
    expect(json.elements).toEqual([expect.objectContaining({ kind: 'tool', name: 'add', roles: ['user'], ttl: 30, rateLimit: '5/s' })]);
  });
});

describe('mcp-gen init', () => {
  test('creates the scaffold, then refuses to overwrite (or skips with --yes)', () => {
    const parent = mkdtempSync(join(tmpdir(), 'mcp-gen-init-'));
    cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
    const first = run(parent, 'init', 'My Server', '--yes');
    expect(first.code).toBe(0);
    const dir = join(parent, 'My Server');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; type: string; scripts: Record<string, string> };
    expect(pkg.name).toBe('my-server');
    expect(pkg.type).toBe('module');
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['build', 'prestart', 'start', 'dev', 'stdio', 'test']));
    expect(readFileSync(join(dir, 'mcp.yaml'), 'utf8').split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\/.+\/schemas\/mcp\.schema\.json$/);
    expect(run(dir, 'validate').code).toBe(0);

    const refused = run(parent, 'init', 'My Server');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing to overwrite');
    expect(refused.stderr).toContain('  mcp.yaml');

    rmSync(join(dir, 'README.md'));
    writeFileSync(join(dir, 'mcp.yaml'), '# mine\n');
    const skipped = run(parent, 'init', 'My Server', '--yes');
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('created 1 file(s)');
    expect(skipped.stdout).toMatch(/skipped.*mcp\.yaml/);
    expect(readFileSync(join(dir, 'mcp.yaml'), 'utf8')).toBe('# mine\n');
  });
});

describe('mcp-gen build --watch', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  test('rebuilds after an edit and recovers after a broken edit is fixed', async () => {
    const dir = project();
    const proc = spawn(process.execPath, [cliBin, 'build', '--watch'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    child = proc;
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const waitFor = async (pattern: RegExp, from: number): Promise<number> => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const m = pattern.exec(out.slice(from));
        if (m) return from + m.index + m[0].length;
        if (proc.exitCode !== null) throw new Error(`watcher exited (${proc.exitCode}):\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${pattern}:\n${out}`);
    };

    let at = await waitFor(/watching mcp\.yaml/, 0);
    writeFileSync(join(dir, 'mcp.yaml'), `${YAML}  - name: sub\n    input: { type: object }\n`);
    at = await waitFor(/1 stub created/, at);
    writeFileSync(join(dir, 'mcp.yaml'), `${YAML}  - name: [broken\n`);
    at = await waitFor(/nothing was written/, at);
    expect(proc.exitCode).toBeNull();
    writeFileSync(join(dir, 'mcp.yaml'), `${YAML}  - name: mul\n    input: { type: object }\n`);
    await waitFor(/✔ \d+ written, \d+ unchanged, 1 stub created, 1 orphan \(src\/handlers\/tools\/sub\.ts\)/, at);
    expect(readFileSync(join(dir, 'src/generated/registry.gen.ts'), 'utf8')).toContain("'../handlers/tools/mul.js'");

    proc.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
    expect(code).toBe(0);
  }, 120_000);
});

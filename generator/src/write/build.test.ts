/**
 * build() against a hostile project folder: handler paths that are not files, a generated file turned into a
 * folder, temp files left by a killed build, and determinism when fixed-key mappings are written in another order.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { listFiles, removeProject, tempProject } from '../../../test/golden/support.js';
import { build } from './build.js';

const YAML = `mcp: 1
server: { name: fs, version: "1.0.0" }
tools:
  - name: a
  - name: b
`;

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeProject));
function project(yaml = YAML): string {
  const dir = tempProject({ yaml });
  dirs.push(dir);
  return dir;
}

/** Every file under src/ with its bytes. */
function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).filter((f) => f.startsWith('src/')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('build on a hostile project folder', () => {
  test('a handler path that is a directory fails the build, writes nothing, and is never "up to date"', async () => {
    const dir = project();
    expect((await build({ config: join(dir, 'mcp.yaml') })).status).toBe('ok');
    rmSync(join(dir, 'src/handlers/tools/b.ts'));
    mkdirSync(join(dir, 'src/handlers/tools/b.ts'));
    writeFileSync(join(dir, 'mcp.yaml'), `${YAML}  - name: c\n`);
    const before = snapshot(dir);
    for (const check of [false, true]) {
      const report = await build({ config: join(dir, 'mcp.yaml'), check });
      expect(report.status).toBe('failed');
      expect(report.error).toBe('src/handlers/tools/b.ts is a directory, not a handler file: remove or rename it (mcp-gen never deletes your files)');
    }
    expect(snapshot(dir)).toEqual(before);
    // with mcp.yaml unchanged since the last good build, the fast path must not call it up to date either
    writeFileSync(join(dir, 'mcp.yaml'), YAML);
    expect((await build({ config: join(dir, 'mcp.yaml') })).status).toBe('failed');
  });

  test('a handler path that is a symbolic link to nothing fails the build; a link to a file is the user\'s handler', async () => {
    const dir = project();
    mkdirSync(join(dir, 'src/handlers/tools'), { recursive: true });
    symlinkSync(join(dir, 'nowhere.ts'), join(dir, 'src/handlers/tools/a.ts'));
    const report = await build({ config: join(dir, 'mcp.yaml') });
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/^src\/handlers\/tools\/a\.ts is a symbolic link to nothing, not a handler file/);
    expect(listFiles(dir).filter((f) => f.startsWith('src/generated/'))).toEqual([]);
    writeFileSync(join(dir, 'nowhere.ts'), '// mine\nexport default 1;\n');
    const ok = await build({ config: join(dir, 'mcp.yaml') });
    expect(ok.status).toBe('ok');
    expect(ok.stubsCreated).toEqual(['src/handlers/tools/b.ts', 'src/main.ts']);
    expect(readFileSync(join(dir, 'nowhere.ts'), 'utf8')).toBe('// mine\nexport default 1;\n');
  });

  test('a handler folder that is a file fails the build before anything is written', async () => {
    const dir = project();
    mkdirSync(join(dir, 'src/handlers'), { recursive: true });
    writeFileSync(join(dir, 'src/handlers/tools'), 'not a folder');
    const report = await build({ config: join(dir, 'mcp.yaml') });
    expect(report.status).toBe('failed');
    expect(report.error?.split('\n')).toEqual([
      'src/handlers/tools/a.ts cannot be created: src/handlers/tools is a file, not a folder; remove or rename it (mcp-gen never deletes your files)',
      'src/handlers/tools/b.ts cannot be created: src/handlers/tools is a file, not a folder; remove or rename it (mcp-gen never deletes your files)',
    ]);
    expect(listFiles(dir).filter((f) => f.startsWith('src/'))).toEqual(['src/handlers/tools']);
  });

  test('a generated file that became a directory fails the build with every other file untouched and no temp files', async () => {
    const dir = project();
    await build({ config: join(dir, 'mcp.yaml') });
    rmSync(join(dir, 'src/generated/types.gen.ts'));
    mkdirSync(join(dir, 'src/generated/types.gen.ts'));
    writeFileSync(join(dir, 'mcp.yaml'), `${YAML}  - name: c\n`);
    const before = snapshot(dir);
    const report = await build({ config: join(dir, 'mcp.yaml') });
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/src\/generated\/types\.gen\.ts: it is a directory or special file, not a generated file; remove it; nothing was changed$/);
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(join(dir, 'src/generated')).filter((f) => f.includes('.mcp-gen-'))).toEqual([]);
  });

  test('temp and backup files of a killed build are removed; those of a running build are left alone', async () => {
    const dir = project();
    await build({ config: join(dir, 'mcp.yaml') });
    const gen = join(dir, 'src/generated');
    // pid 2^22 + 1 is above Linux's pid_max limit: no process can hold it
    const dead = ['registry.gen.ts.mcp-gen-4194305-0123abcd.tmp', 'manifest.json.mcp-gen-4194305-0123abcd.bak'];
    const running = `types.gen.ts.mcp-gen-${process.ppid}-89abcdef.tmp`;
    for (const f of [...dead, running]) writeFileSync(join(gen, f), 'half-written');
    writeFileSync(join(gen, 'notes.txt'), 'the user\'s');
    const check = await build({ config: join(dir, 'mcp.yaml'), check: true });
    expect(check.status).toBe('stale');
    expect(check.stale.map((s) => `${s.reason} ${s.path}`).sort()).toEqual(dead.map((f) => `extra src/generated/${f}`).sort());
    const report = await build({ config: join(dir, 'mcp.yaml') });
    expect(report.status).toBe('ok');
    expect([...report.removed].sort()).toEqual(dead.map((f) => `src/generated/${f}`).sort());
    expect(readdirSync(gen)).toContain(running);
    expect(readdirSync(gen)).toContain('notes.txt');
  });

  test('annotations and settings written in another key order give byte-identical output', async () => {
    const yaml = (annotations: string, settings: string): string =>
      `mcp: 1\nserver: { name: order, version: "1.0.0" }\nsettings: ${settings}\ntools:\n  - name: t\n    annotations: ${annotations}\nresources:\n  - { name: r, uri: "x://r", annotations: { priority: 0.5, audience: [user] } }\n`;
    const one = project(yaml('{ title: T, readOnlyHint: true, idempotentHint: true }', '{ authMode: apikey, rateLimit: 10/m, logFormat: pretty }'));
    const two = project(yaml('{ idempotentHint: true, readOnlyHint: true, title: T }', '{ logFormat: pretty, rateLimit: 10/m, authMode: apikey }').replace('{ priority: 0.5, audience: [user] }', '{ audience: [user], priority: 0.5 }'));
    for (const d of [one, two]) expect((await build({ config: join(d, 'mcp.yaml') })).status).toBe('ok');
    const generated = (d: string): Map<string, string> => new Map([...snapshot(d)].filter(([f]) => f.startsWith('src/generated/') && !f.endsWith('manifest.json')));
    expect(generated(two)).toEqual(generated(one));
    // and a forced rebuild reproduces the same bytes
    const first = snapshot(one);
    expect((await build({ config: join(one, 'mcp.yaml'), force: true })).status).toBe('ok');
    expect(snapshot(one)).toEqual(first);
  });

  test('an output folder inside src/handlers is refused before anything is written', async () => {
    const dir = project(`${YAML}  - name: registry.gen\n`);
    for (const outDir of ['src/handlers', 'src/handlers/tools', './src/handlers/tools/']) {
      await expect(build({ config: join(dir, 'mcp.yaml'), outDir })).rejects.toThrow(`--out ${outDir} is inside src/handlers/, where your handlers live; choose another folder (default: src/generated)`);
    }
    expect(listFiles(dir).filter((f) => f.startsWith('src/'))).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createIfMissing, writeAllOrNothing } from './atomic.js';
import { unifiedDiff } from './check.js';
import { readManifest, renderManifest } from './manifest.js';
import { findOrphans } from './orphans.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mcp-gen-write-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('writer', () => {
  test('writeAllOrNothing writes every file, or none when one fails (and leaves no temp files)', () => {
    const d = tmp();
    writeAllOrNothing([{ file: join(d, 'a/x.ts'), content: 'x' }, { file: join(d, 'b.ts'), content: 'b' }]);
    expect(readFileSync(join(d, 'a/x.ts'), 'utf8')).toBe('x');
    mkdirSync(join(d, 'blocked'));
    writeFileSync(join(d, 'blocked/file'), '');
    // the second target's parent is a file: staging fails, the first target keeps its old bytes
    expect(() => writeAllOrNothing([{ file: join(d, 'a/x.ts'), content: 'new' }, { file: join(d, 'blocked/file/y.ts'), content: 'y' }])).toThrow(/nothing was changed/);
    expect(readFileSync(join(d, 'a/x.ts'), 'utf8')).toBe('x');
    expect(readdirSync(join(d, 'a'))).toEqual(['x.ts']);
  });

  test('writeAllOrNothing puts replaced files back when a later rename fails, and leaves no temp or backup files', () => {
    const d = tmp();
    writeAllOrNothing(['a', 'b', 'c'].map((n) => ({ file: join(d, `${n}.gen.ts`), content: `old ${n}` })));
    let calls = 0;
    const failThird = (from: string, to: string): void => {
      if (++calls === 3) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      renameSync(from, to);
    };
    const writes = ['a', 'b', 'c'].map((n) => ({ file: join(d, `${n}.gen.ts`), content: `new ${n}` }));
    expect(() => writeAllOrNothing(writes, failThird)).toThrow(/c\.gen\.ts: EIO: i\/o error, rename; nothing was changed/);
    for (const n of ['a', 'b', 'c']) expect(readFileSync(join(d, `${n}.gen.ts`), 'utf8')).toBe(`old ${n}`);
    expect(readdirSync(d).sort()).toEqual(['a.gen.ts', 'b.gen.ts', 'c.gen.ts']);
  });

  test('writeAllOrNothing removes a file it created when a later rename fails', () => {
    const d = tmp();
    writeFileSync(join(d, 'b.gen.ts'), 'old b');
    let calls = 0;
    const failSecond = (from: string, to: string): void => {
      if (++calls === 2) throw new Error('EIO');
      renameSync(from, to);
    };
    expect(() => writeAllOrNothing([{ file: join(d, 'a.gen.ts'), content: 'new a' }, { file: join(d, 'b.gen.ts'), content: 'new b' }], failSecond)).toThrow(/nothing was changed/);
    expect(readdirSync(d)).toEqual(['b.gen.ts']);
    expect(readFileSync(join(d, 'b.gen.ts'), 'utf8')).toBe('old b');
  });

  test('writeAllOrNothing refuses a target that is a directory before touching anything', () => {
    const d = tmp();
    writeFileSync(join(d, 'a.gen.ts'), 'old a');
    mkdirSync(join(d, 'b.gen.ts'));
    expect(() => writeAllOrNothing([{ file: join(d, 'a.gen.ts'), content: 'new a' }, { file: join(d, 'b.gen.ts'), content: 'b' }])).toThrow(/b\.gen\.ts: it is a directory .*nothing was changed/);
    expect(readFileSync(join(d, 'a.gen.ts'), 'utf8')).toBe('old a');
    expect(readdirSync(d).sort()).toEqual(['a.gen.ts', 'b.gen.ts']);
  });

  test('createIfMissing never replaces an existing file', () => {
    const d = tmp();
    expect(createIfMissing(join(d, 'h/t.ts'), 'stub')).toBe(true);
    writeFileSync(join(d, 'h/t.ts'), 'mine');
    expect(createIfMissing(join(d, 'h/t.ts'), 'stub')).toBe(false);
    expect(readFileSync(join(d, 'h/t.ts'), 'utf8')).toBe('mine');
  });

  test('findOrphans lists handler files no element uses, ignoring tests and declarations', () => {
    const d = tmp();
    for (const f of ['tools/a.ts', 'tools/old.ts', 'tools/a.test.ts', 'prompts/gone.ts', 'types.d.ts']) {
      mkdirSync(join(d, 'src/handlers', f, '..'), { recursive: true });
      writeFileSync(join(d, 'src/handlers', f), '');
    }
    expect(findOrphans(d, 'src/handlers', new Set(['src/handlers/tools/a.ts']))).toEqual(['src/handlers/prompts/gone.ts', 'src/handlers/tools/old.ts']);
    expect(findOrphans(d, 'missing/handlers', new Set())).toEqual([]);
  });

  test('unifiedDiff shows removed and added lines', () => {
    const diff = unifiedDiff('src/generated/a.gen.ts', 'one\ntwo\n', 'one\nthree\n');
    expect(diff).toContain('--- a/src/generated/a.gen.ts');
    expect(diff).toContain('-two');
    expect(diff).toContain('+three');
  });

  test('manifest round-trips and rejects foreign JSON', () => {
    const d = tmp();
    const m = { generator: 'mcp-gen' as const, version: '1.0.0', inputHash: 'h', inputs: { 'mcp.yaml': 's' }, templates: 't', files: { 'a.gen.ts': 'x' }, handlers: ['src/main.ts'] };
    writeFileSync(join(d, 'm.json'), renderManifest(m));
    expect(readManifest(join(d, 'm.json'))).toEqual(m);
    writeFileSync(join(d, 'other.json'), '{"name":"x"}');
    expect(readManifest(join(d, 'other.json'))).toBeUndefined();
    expect(readManifest(join(d, 'absent.json'))).toBeUndefined();
  });
});

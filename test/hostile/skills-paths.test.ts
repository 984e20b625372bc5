/**
 * Skill files over real HTTP against path tricks: `..`, percent-encoded dots and slashes, absolute paths,
 * NUL bytes, backslashes, a file URI and an outside file reached through a symbolic link. Skills are read
 * once at start-up and served by exact URI, so every trick must end in the same "unknown" error and never
 * in the bytes of a file outside the skill folder (which holds a marker the test looks for).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// through the package entry, as users import it (a deep import of skills/ first meets an import cycle, see docs/notes/sec-qa.md)
import { loadSkills, skillResources } from '../../runtime/src/index.js';
import { startApp, type TestApp } from '../security/app.js';
import { send } from '../security/http.js';
import { openSession, type RawSession } from '../security/mcp-client.js';
import { expectSane } from './checks.js';

const MARKER = 'OUTSIDE-THE-SKILL-7c1e';
let root = '';
let t: TestApp;
let s: RawSession;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mcp-gen-skill-paths-'));
  mkdirSync(join(root, 'skills/notes/references'), { recursive: true });
  writeFileSync(join(root, 'skills/notes/SKILL.md'), '---\nname: notes\ndescription: Take notes\n---\nSee references/guide.md.\n');
  writeFileSync(join(root, 'skills/notes/references/guide.md'), '# Guide\n');
  writeFileSync(join(root, 'secret.txt'), MARKER);
  writeFileSync(join(root, 'skills/secret.txt'), MARKER);
  t = await startApp();
  for (const def of skillResources(await loadSkills({ root, dirs: ['skills'] }))) t.server.addResource(def);
  s = await openSession(t.url);
});
afterAll(async () => {
  await t?.close();
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

describe('skill URIs with path tricks', () => {
  it('serves the real files (the fixture works)', async () => {
    const r = await s.rpc('resources/read', { uri: 'skill://notes/references/guide.md' });
    expect(r.body.result.contents[0].text).toBe('# Guide\n');
    const d = await s.rpc('resources/directory/read', { uri: 'skill://notes/references' });
    expect(d.body.result.resources.map((x: { uri: string }) => x.uri)).toEqual(['skill://notes/references/guide.md']);
  });

  const tricks = [
    'skill://notes/../secret.txt',
    'skill://notes/../../secret.txt',
    'skill://notes/references/../../secret.txt',
    'skill://notes/%2e%2e/secret.txt',
    'skill://notes/%2E%2E%2F%2E%2E%2Fsecret.txt',
    'skill://notes/..%2fsecret.txt',
    'skill://notes/..\\..\\secret.txt',
    'skill://notes/./references/guide.md/../../../secret.txt',
    `skill://notes/${root}/secret.txt`,
    `skill:///${root}/secret.txt`,
    `file://${root}/secret.txt`,
    `${root}/secret.txt`,
    'skill://notes/SKILL.md\u0000../../secret.txt',
    'skill://notes/references%00/../../secret.txt',
    'skill://secret.txt',
    'skill://notes//secret.txt',
    'SKILL://notes/../secret.txt',
  ];
  for (const uri of tricks) {
    it(`resources/read, directory/read and skills/get refuse ${JSON.stringify(uri).slice(0, 70)}`, async () => {
      for (const method of ['resources/read', 'resources/directory/read', 'skills/get']) {
        const { res, body } = await s.rpc(method, { uri });
        expectSane(res);
        expect(res.text).not.toContain(MARKER);
        expect(body.error, `${method} ${uri}: ${res.text.slice(0, 200)}`).toBeDefined();
        expect([-32602, -32002]).toContain(body.error.code);
      }
    });
  }

  it('REST /resources/{uri} refuses the same tricks', async () => {
    for (const uri of tricks) {
      const r = await send(`${t.base}/resources/${encodeURIComponent(uri)}`);
      expectSane(r);
      expect(r.text).not.toContain(MARKER);
      expect(r.status, uri).toBe(404);
    }
  });

  it('a symbolic link from a skill to a file outside is refused when the skills are loaded', async () => {
    const other = mkdtempSync(join(tmpdir(), 'mcp-gen-skill-link-'));
    try {
      mkdirSync(join(other, 'skills/leaky'), { recursive: true });
      writeFileSync(join(other, 'skills/leaky/SKILL.md'), '---\nname: leaky\ndescription: Leaks\n---\n');
      symlinkSync(join(root, 'secret.txt'), join(other, 'skills/leaky/notes.txt'));
      await expect(loadSkills({ root: other, dirs: ['skills'] })).rejects.toThrow(/leaves the skill folder/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

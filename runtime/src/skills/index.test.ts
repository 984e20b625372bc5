/** The skills extension through the engine: capability, skills/list, skills/get, resources/*, roles, 2026 hints. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRegistry, testSettings } from '../../../test/transport/fixture.js';
import { silentLogger } from '../logger/index.js';
import type { CallerIdentity } from '../handler/context.js';
import { Engine } from '../server/engine.js';
import { loadSkills, skillResources, SKILLS_EXTENSION, type LoadedSkill } from './index.js';

const FILES: Record<string, string | Uint8Array> = {
  'skills/git-workflow/SKILL.md': '---\nname: git-workflow\ndescription: Team Git conventions\n---\nBranch from main.\n',
  'skills/pdf-processing/SKILL.md': '---\nname: pdf-processing\ndescription: Extract, fill, and assemble PDF documents\nlicense: Apache-2.0\n---\nSee references/FORMS.md.\n',
  'skills/pdf-processing/references/FORMS.md': '# Forms\n',
  'skills/pdf-processing/assets/logo.png': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]),
  'admin/ops-runbook/SKILL.md': '---\nname: ops-runbook\ndescription: Restart the cluster safely\n---\nStep 1.\n',
};

let root = '';
let open: LoadedSkill[] = [];
let restricted: LoadedSkill[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mcp-gen-skills-'));
  for (const [p, c] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), c);
  }
  open = await loadSkills({ root, dirs: ['skills'] });
  restricted = await loadSkills({ root, dirs: ['admin'], roles: ['admin'] });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function engine(skills: LoadedSkill[], pageSize = 100): Engine {
  const base = testRegistry();
  return new Engine({ ...base, resources: [...base.resources, ...skillResources(skills)] }, { settings: testSettings(), logger: silentLogger(), defaultSecurity: false, pageSize });
}

let nextId = 1;
async function call(e: Engine, method: string, params: object, caller?: CallerIdentity, version?: string): Promise<{ result?: Record<string, any>; error?: { code: number; message: string; data?: unknown } }> {
  const ctx = e.localContext(caller ? { caller } : {});
  if (version !== undefined) ctx.protocolVersion = version;
  return (await e.handleMessage({ jsonrpc: '2.0', id: nextId++, method, params }, ctx)) as never;
}

const admin: CallerIdentity = { id: 'ops', roles: ['admin'], scheme: 'none' };

describe('skills extension', () => {
  it('declares the extension with directoryRead only when skills are served', async () => {
    const init = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } };
    const withSkills = engine(open);
    expect((await call(withSkills, 'initialize', init)).result!['capabilities'].extensions).toEqual({ [SKILLS_EXTENSION]: { directoryRead: true } });
    const without = engine([]);
    expect((await call(without, 'initialize', init)).result!['capabilities'].extensions).toBeUndefined();
    expect((await call(without, 'skills/list', {})).error).toMatchObject({ code: -32601 });
    await withSkills.close();
    await without.close();
  });

  it('lists entries with verbatim frontmatter and a complete resources set, paginated per skill', async () => {
    const e = engine(open, 1);
    const first = (await call(e, 'skills/list', {})).result!;
    expect(first['skills']).toHaveLength(1);
    expect(first['skills'][0]).toMatchObject({ uri: 'skill://git-workflow/SKILL.md', frontmatter: { name: 'git-workflow', description: 'Team Git conventions' } });
    expect(typeof first['nextCursor']).toBe('string');
    const second = (await call(e, 'skills/list', { cursor: first['nextCursor'] })).result!;
    const pdf = second['skills'][0];
    expect(pdf.frontmatter).toEqual({ name: 'pdf-processing', description: 'Extract, fill, and assemble PDF documents', license: 'Apache-2.0' });
    expect(pdf.resources.map((r: { uri: string }) => r.uri)).toEqual([
      'skill://pdf-processing/SKILL.md',
      'skill://pdf-processing/assets/logo.png',
      'skill://pdf-processing/references/FORMS.md',
    ]);
    for (const r of pdf.resources) expect(r.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(second['nextCursor']).toBeUndefined();
    expect((await call(e, 'skills/list', { cursor: 'bogus' })).error).toMatchObject({ code: -32602 });
    await e.close();
  });

  it('gets one skill by its SKILL.md URI and answers -32602 for anything else', async () => {
    const e = engine(open);
    const got = (await call(e, 'skills/get', { uri: 'skill://pdf-processing/SKILL.md' })).result!;
    expect(got['skill']).toEqual(open[1]!.entry);
    expect(got['nextCursor']).toBeUndefined();
    for (const uri of ['skill://nope/SKILL.md', 'skill://pdf-processing/references/FORMS.md', 'test://static-text']) {
      expect((await call(e, 'skills/get', { uri })).error, uri).toMatchObject({ code: -32602, data: { uri } });
    }
    expect((await call(e, 'skills/get', {})).error).toMatchObject({ code: -32602, message: 'Invalid params: uri must be a string' });
    await e.close();
  });

  it('serves every file through resources/list and resources/read: text as text, binary as blob', async () => {
    const e = engine(open);
    const list = (await call(e, 'resources/list', {})).result!['resources'] as { uri: string; name: string; description?: string; mimeType?: string }[];
    expect(list.find((r) => r.uri === 'skill://pdf-processing/SKILL.md')).toMatchObject({ name: 'pdf-processing', description: 'Extract, fill, and assemble PDF documents', mimeType: 'text/markdown' });
    const md = (await call(e, 'resources/read', { uri: 'skill://pdf-processing/SKILL.md' })).result!['contents'][0];
    expect(md).toMatchObject({ uri: 'skill://pdf-processing/SKILL.md', mimeType: 'text/markdown', text: FILES['skills/pdf-processing/SKILL.md'] });
    const png = (await call(e, 'resources/read', { uri: 'skill://pdf-processing/assets/logo.png' })).result!['contents'][0];
    expect(png).toMatchObject({ mimeType: 'image/png', blob: Buffer.from(FILES['skills/pdf-processing/assets/logo.png'] as Uint8Array).toString('base64') });
    expect((await call(e, 'resources/read', { uri: 'skill://pdf-processing/../../etc/passwd' })).error).toMatchObject({ code: -32002 });
    await e.close();
  });

  it('reads directories: direct children, subfolders as inode/directory, -32602 for a file or unknown URI', async () => {
    const e = engine(open);
    const rootDir = (await call(e, 'resources/directory/read', { uri: 'skill://pdf-processing' })).result!;
    expect(rootDir['resources'].map((r: { uri: string; mimeType: string }) => [r.uri, r.mimeType])).toEqual([
      ['skill://pdf-processing/SKILL.md', 'text/markdown'],
      ['skill://pdf-processing/assets', 'inode/directory'],
      ['skill://pdf-processing/references', 'inode/directory'],
    ]);
    const refs = (await call(e, 'resources/directory/read', { uri: 'skill://pdf-processing/references' })).result!;
    expect(refs['resources']).toEqual([expect.objectContaining({ uri: 'skill://pdf-processing/references/FORMS.md', name: 'pdf-processing/references/FORMS.md' })]);
    for (const uri of ['skill://pdf-processing/SKILL.md', 'skill://pdf-processing/', 'skill://other']) {
      expect((await call(e, 'resources/directory/read', { uri })).error, uri).toMatchObject({ code: -32602 });
    }
    await e.close();
  });

  it('hides role-restricted skills from every path for callers without the role', async () => {
    const e = engine([...open, ...restricted]);
    const uri = 'skill://ops-runbook/SKILL.md';
    const anon = (await call(e, 'skills/list', {})).result!['skills'].map((s: { uri: string }) => s.uri);
    expect(anon).not.toContain(uri);
    expect((await call(e, 'skills/get', { uri })).error).toMatchObject({ code: -32602 });
    expect((await call(e, 'resources/read', { uri })).error).toBeDefined();
    expect((await call(e, 'resources/directory/read', { uri: 'skill://ops-runbook' })).error).toMatchObject({ code: -32602 });
    const mine = (await call(e, 'skills/list', {}, admin)).result!['skills'].map((s: { uri: string }) => s.uri);
    expect(mine).toContain(uri);
    expect((await call(e, 'skills/get', { uri }, admin)).result!['skill'].uri).toBe(uri);
    expect((await call(e, 'resources/read', { uri }, admin)).result!['contents'][0].text).toContain('Step 1.');
    await e.close();
  });

  it('adds SEP-2549 caching hints on 2026-07-28 only', async () => {
    const e = engine([...open, ...restricted]);
    const old = (await call(e, 'skills/list', {})).result!;
    expect(old['ttlMs']).toBeUndefined();
    const list = (await call(e, 'skills/list', {}, admin, '2026-07-28')).result!;
    expect(list).toMatchObject({ cacheScope: 'private' });
    expect(typeof list['ttlMs']).toBe('number');
    const got = (await call(e, 'skills/get', { uri: 'skill://git-workflow/SKILL.md' }, undefined, '2026-07-28')).result!;
    expect(got).toMatchObject({ cacheScope: 'public' });
    expect(typeof got['ttlMs']).toBe('number');
    await e.close();
  });
});

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSkills } from './load.js';
import { SkillLoadError } from './types.js';

/** Writes `files` (path -> content) under a new temp folder. */
function tempTree(files: Record<string, string | Uint8Array>): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'mcp-gen-skills-'));
  for (const [path, content] of Object.entries(files)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

const PDF_SKILL_MD = '---\nname: pdf-processing\ndescription: Extract, fill, and assemble PDF documents\nmetadata:\n  version: "2.1.0"\n  tags: [pdf, forms]\n---\n\n# PDF\n\nSee references/FORMS.md.\n';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00]);

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function tree(files: Record<string, string | Uint8Array>): string {
  const t = tempTree(files);
  cleanups.push(t.remove);
  return t.root;
}

const sha = (b: string | Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function loadError(p: Promise<unknown>): Promise<SkillLoadError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SkillLoadError);
  return e as SkillLoadError;
}

describe('loadSkills', () => {
  it('reads every file once with its SHA-256, size, type and the directory tree', async () => {
    const root = tree({
      'skills/pdf-processing/SKILL.md': PDF_SKILL_MD,
      'skills/pdf-processing/references/FORMS.md': '# Forms\n',
      'skills/pdf-processing/assets/logo.png': PNG,
      'skills/pdf-processing/.DS_Store': 'junk',
      'skills/not-a-skill/README.md': 'no SKILL.md here',
    });
    const [skill, ...rest] = await loadSkills({ root, dirs: ['skills'] });
    expect(rest).toEqual([]);
    expect(skill!.uri).toBe('skill://pdf-processing/SKILL.md');
    expect(skill!.rootUri).toBe('skill://pdf-processing');
    expect(skill!.frontmatter).toEqual({ name: 'pdf-processing', description: 'Extract, fill, and assemble PDF documents', metadata: { version: '2.1.0', tags: ['pdf', 'forms'] } });
    expect(skill!.files.map((f) => f.path)).toEqual(['SKILL.md', 'assets/logo.png', 'references/FORMS.md']);
    expect(skill!.entry.resources).toEqual([
      { uri: 'skill://pdf-processing/SKILL.md', digest: sha(PDF_SKILL_MD), size: Buffer.byteLength(PDF_SKILL_MD) },
      { uri: 'skill://pdf-processing/assets/logo.png', digest: sha(PNG), size: PNG.byteLength },
      { uri: 'skill://pdf-processing/references/FORMS.md', digest: sha('# Forms\n'), size: 8 },
    ]);
    const png = skill!.files.find((f) => f.path === 'assets/logo.png')!;
    expect(png.mimeType).toBe('image/png');
    expect(png.text).toBeUndefined();
    expect(skill!.files[0]!.text).toBe(PDF_SKILL_MD);
    expect(skill!.directories.get('skill://pdf-processing')).toEqual([
      { uri: 'skill://pdf-processing/SKILL.md', name: 'SKILL.md', mimeType: 'text/markdown' },
      { uri: 'skill://pdf-processing/assets', name: 'assets', mimeType: 'inode/directory' },
      { uri: 'skill://pdf-processing/references', name: 'references', mimeType: 'inode/directory' },
    ]);
    expect(skill!.directories.get('skill://pdf-processing/references')).toEqual([{ uri: 'skill://pdf-processing/references/FORMS.md', name: 'FORMS.md', mimeType: 'text/markdown' }]);
  });

  it('keeps a byte order mark, so the digest covers the bytes a client decodes', async () => {
    const md = `\uFEFF${PDF_SKILL_MD}`;
    const root = tree({ 'pdf-processing/SKILL.md': md });
    const [skill] = await loadSkills({ root: pathToFileURL(`${root}/`), paths: ['pdf-processing'] });
    expect(skill!.files[0]!.text).toBe(md);
    expect(skill!.entry.resources[0]!.digest).toBe(sha(md));
  });

  it('applies a prefix, percent-encodes file names and takes one folder listed twice once', async () => {
    const root = tree({ 'skills/pdf-processing/SKILL.md': PDF_SKILL_MD, 'skills/pdf-processing/a b.md': 'x' });
    const skills = await loadSkills({ root, dirs: ['skills'], paths: ['skills/pdf-processing'], prefix: 'acme/docs', roles: ['admin'] });
    expect(skills).toHaveLength(1);
    expect(skills[0]!.uri).toBe('skill://acme/docs/pdf-processing/SKILL.md');
    expect(skills[0]!.files.map((f) => f.uri)).toContain('skill://acme/docs/pdf-processing/a%20b.md');
    expect(skills[0]!.roles).toEqual(['admin']);
  });

  it('refuses a symbolic link that leaves the skill folder, and follows one that stays inside', async () => {
    const root = tree({ 'pdf-processing/SKILL.md': PDF_SKILL_MD, 'secret.txt': 'do not serve', 'pdf-processing/real.md': 'inside' });
    symlinkSync(join(root, 'pdf-processing/real.md'), join(root, 'pdf-processing/alias.md'));
    const [skill] = await loadSkills({ root, paths: ['pdf-processing'] });
    expect(skill!.files.find((f) => f.path === 'alias.md')?.text).toBe('inside');

    symlinkSync(join(root, 'secret.txt'), join(root, 'pdf-processing/leak.txt'));
    const e = await loadError(loadSkills({ root, paths: ['pdf-processing'] }));
    expect(e.message).toContain('leak.txt');
    expect(e.message).toContain('leaves the skill folder');
  });

  it('refuses a symbolic link to a folder outside', async () => {
    const root = tree({ 'pdf-processing/SKILL.md': PDF_SKILL_MD, 'outside/x.md': 'x' });
    symlinkSync(join(root, 'outside'), join(root, 'pdf-processing/up'), 'dir');
    expect((await loadError(loadSkills({ root, paths: ['pdf-processing'] }))).message).toContain('leaves the skill folder');
  });

  it('names the file and the problem for every unusable skill', async () => {
    const root = tree({
      'no-md/x.md': 'x',
      'no-fm/SKILL.md': '# no frontmatter\n',
      'no-desc/SKILL.md': '---\nname: no-desc\n---\n',
      'bad-yaml/SKILL.md': '---\nname: [unclosed\n---\n',
      'Bad_Name/SKILL.md': '---\nname: Bad_Name\ndescription: d\n---\n',
      'folder/SKILL.md': '---\nname: other\ndescription: d\n---\n',
    });
    const cases: [string, string][] = [
      ['no-md', 'has no SKILL.md'],
      ['no-fm', 'does not begin with YAML frontmatter'],
      ['no-desc', 'non-empty string `description`'],
      ['bad-yaml', 'not valid YAML'],
      ['Bad_Name', 'must be 1-64 lowercase'],
      ['folder', 'must equal the skill\'s folder name "folder"'],
      ['missing', 'is not a folder'],
    ];
    for (const [path, text] of cases) {
      const e = await loadError(loadSkills({ root, paths: [path] }));
      expect(e.message, path).toContain(text);
      expect(e.file, path).toContain(path);
    }
    expect((await loadError(loadSkills({ root, dirs: ['nowhere'] }))).message).toContain('skills folder does not exist');
    expect((await loadError(loadSkills({ root, paths: [], prefix: '../up' }))).message).toContain('skills.prefix');
  });

  it('enforces the limits on files and bytes per skill', async () => {
    const root = tree({ 'pdf-processing/SKILL.md': PDF_SKILL_MD, 'pdf-processing/a.md': 'a', 'pdf-processing/b.md': 'b' });
    expect((await loadError(loadSkills({ root, paths: ['pdf-processing'], maxFiles: 2 }))).message).toContain('more than 2 files');
    expect((await loadError(loadSkills({ root, paths: ['pdf-processing'], maxBytes: 10 }))).message).toContain('more than 10 bytes');
  });

  it('refuses two skills at one URI', async () => {
    const root = tree({ 'a/pdf-processing/SKILL.md': PDF_SKILL_MD, 'b/pdf-processing/SKILL.md': PDF_SKILL_MD });
    expect((await loadError(loadSkills({ root, dirs: ['a', 'b'] }))).message).toContain('already served by another skill folder');
  });
});

describe('loadSkillsAtStartup', () => {
  it('ends a starting server with one line naming the broken file and exit code 1, no stack trace', () => {
    const root = tree({ 'skills/bad/SKILL.md': '---\nname: other\ndescription: x\n---\n' });
    const runtime = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    // what a generated registry does at start-up (the built runtime, a fresh process)
    const script = `const { loadSkillsAtStartup } = await import(${JSON.stringify(runtime)});
      await loadSkillsAtStartup({ root: ${JSON.stringify(pathToFileURL(root + '/').href)}, dirs: ['skills'] });
      console.log('started');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mcp-gen: cannot start: skill .*skills\/bad\/SKILL\.md: frontmatter name "other" must equal the skill's folder name "bad"$/);
  });
});

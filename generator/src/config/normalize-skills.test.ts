import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { diagnosticLine, loadProjectText } from './index.js';

let root = '';
const skill = (name: string, description = `About ${name}`): string => `---\nname: ${name}\ndescription: ${description}\n---\nBody.\n`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mcp-gen-skills-config-'));
  const files: Record<string, string> = {
    'skills/alpha/SKILL.md': skill('alpha'),
    'skills/beta/SKILL.md': skill('beta'),
    'skills/beta/notes/x.md': 'x',
    'skills/not-a-skill/README.md': 'no SKILL.md',
    'other/alpha/SKILL.md': skill('alpha'),
    'vendor/gamma/SKILL.md': skill('gamma'),
    'empty/.keep': '',
  };
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), c);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const load = (skills: string) => loadProjectText(join(root, 'mcp.yaml'), `mcp: 1\nserver: { name: t, version: "1" }\nskills:\n${skills}`, { displayName: 'mcp.yaml' });

describe('skills: in mcp.yaml', () => {
  test('finds the skills of a folder and listed folders, in the order the runtime serves them', () => {
    const r = load('  dir: skills\n  paths: [vendor/gamma, skills/beta]\n  prefix: acme\n  roles: [staff]\n');
    expect(r.diagnostics).toEqual([]);
    const s = r.model!.skills!;
    expect(s.skills.map((k) => [k.name, k.path, k.description])).toEqual([
      ['alpha', 'skills/alpha', 'About alpha'],
      ['beta', 'skills/beta', 'About beta'],
      ['gamma', 'vendor/gamma', 'About gamma'],
    ]);
    expect(s).toMatchObject({ dir: 'skills', paths: ['vendor/gamma', 'skills/beta'], prefix: 'acme', roles: ['staff'] });
    expect(r.model!.referencedFiles).toContain(join(root, 'skills/alpha/SKILL.md'));
  });

  test('no skills section: no skills in the model', () => {
    const r = loadProjectText(join(root, 'mcp.yaml'), 'mcp: 1\nserver: { name: t, version: "1" }\n');
    expect(r.model!.skills).toBeUndefined();
  });

  test('two folders with one skill name clash on their URI', () => {
    const r = load('  dir: skills\n  paths: [other/alpha]\n');
    expect(r.model).toBeUndefined();
    expect(diagnosticLine(r.diagnostics[0]!)).toBe('mcp.yaml:5:11 skills.paths[0]: skill "alpha" of other/alpha has the same URI as the skill of skills/alpha (skill://…/alpha/SKILL.md)');
  });

  test('a folder without skills is a warning, a bad prefix a schema error', () => {
    const w = load('  dir: empty\n');
    expect(w.model).toBeDefined();
    expect(w.diagnostics).toMatchObject([{ severity: 'warning', code: 'skills-none', path: 'skills.dir' }]);
    const bad = load('  dir: skills\n  prefix: ../up\n');
    expect(bad.model).toBeUndefined();
    expect(bad.diagnostics[0]).toMatchObject({ path: 'skills.prefix', severity: 'error' });
  });

  test('unknown keys are refused with a suggestion', () => {
    const r = load('  dirs: skills\n');
    expect(r.model).toBeUndefined();
    expect(r.diagnostics[0]!.message).toContain('dirs');
  });
});

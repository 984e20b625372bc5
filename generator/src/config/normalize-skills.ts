/**
 * The `skills:` section (SEP-2640 agent skills): checks at build time what the runtime would refuse at
 * start-up, with the mcp.yaml position and the file: folders exist, every skill folder has a SKILL.md
 * whose frontmatter has a valid `name` (equal to the folder name) and a `description`, and no two
 * skills share a URI.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { checkFrontmatter, skillFoldersIn } from '@mcp-gen/runtime/skills';
import { parse } from 'yaml';
import type { SkillModel, SkillsModel } from '../model/types.js';
import { isObject } from './json-schema-walk.js';
import { err, lazyPos, type Ctx } from './normalize-context.js';
import type { PathSegment } from './yaml-source.js';

const KNOWN_KEYS = new Set(['dir', 'paths', 'prefix', 'roles']);

function toPosix(p: string): string {
  return p.split('\\').join('/');
}

/** A path as the user wrote it: relative to mcp.yaml's folder. */
function shownFrom(base: string, abs: string): string {
  return toPosix(relative(base, abs)) || '.';
}

/** Checks one skill folder; reports at `at` and returns the skill, or undefined when it is unusable. */
function checkSkill(ctx: Ctx, abs: string, base: string, at: readonly PathSegment[]): SkillModel | undefined {
  const shown = (p: string): string => shownFrom(base, p);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    err(ctx, at, `skill folder ${shown(abs)} does not exist`, 'skill-missing');
    return undefined;
  }
  const md = join(abs, 'SKILL.md');
  if (!existsSync(md) || !statSync(md).isFile()) {
    err(ctx, at, `skill folder ${shown(abs)} has no SKILL.md at its root`, 'skill-no-skill-md');
    return undefined;
  }
  const r = checkFrontmatter(readFileSync(md, 'utf8'), (s) => parse(s));
  if (!r.ok) {
    err(ctx, at, `${shown(md)}: ${r.reason}`, 'skill-frontmatter');
    return undefined;
  }
  if (r.name !== basename(abs)) {
    err(ctx, at, `${shown(md)}: frontmatter name ${JSON.stringify(r.name)} must equal the skill's folder name ${JSON.stringify(basename(abs))}`, 'skill-name-mismatch');
    return undefined;
  }
  return { name: r.name, description: r.description, path: toPosix(relative(base, abs)) || '.', skillMd: md };
}

/**
 * Normalizes `skills:`; undefined when absent. Problems are reported into the context.
 *
 * @example
 * const skills = normalizeSkills(ctx, data['skills']); // { dir: 'skills', paths: [], skills: [...] }
 */
export function normalizeSkills(ctx: Ctx, value: unknown): SkillsModel | undefined {
  if (!isObject(value)) return undefined;
  // an unknown key is a shape error already reported (with a suggestion): no second message about it
  if (Object.keys(value).some((k) => !KNOWN_KEYS.has(k))) return undefined;
  const base = ctx.source.absPath !== undefined ? dirname(ctx.source.absPath) : process.cwd();
  const dir = typeof value['dir'] === 'string' ? value['dir'] : undefined;
  const paths = Array.isArray(value['paths']) ? value['paths'].filter((p): p is string => typeof p === 'string') : [];
  if (dir === undefined && paths.length === 0) {
    err(ctx, ['skills'], 'skills needs `dir` (a folder of skill folders) or `paths` (skill folders)', 'skills-empty', { key: true });
    return undefined;
  }
  const found: { skill: SkillModel; at: readonly PathSegment[] }[] = [];
  const shown = (p: string): string => shownFrom(base, p);
  if (dir !== undefined) {
    const abs = resolve(base, dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      err(ctx, ['skills', 'dir'], `skills folder ${shown(abs)} does not exist`, 'skill-missing');
    } else {
      const subs = skillFoldersIn(abs);
      if (subs.length === 0) err(ctx, ['skills', 'dir'], `skills folder ${shown(abs)} holds no skill (no subfolder with a SKILL.md)`, 'skills-none', { warning: true });
      for (const s of subs) {
        const skill = checkSkill(ctx, s, base, ['skills', 'dir']);
        if (skill !== undefined) found.push({ skill, at: ['skills', 'dir'] });
      }
    }
  }
  paths.forEach((p, i) => {
    const skill = checkSkill(ctx, resolve(base, p), base, ['skills', 'paths', i]);
    if (skill !== undefined) found.push({ skill, at: ['skills', 'paths', i] });
  });
  // one folder reached by `dir` and by `paths` is one skill; two folders with one name clash on their URI
  const byPath = new Map<string, SkillModel>();
  const byName = new Map<string, SkillModel>();
  for (const { skill, at } of found) {
    if (byPath.has(skill.path)) continue;
    const other = byName.get(skill.name);
    if (other !== undefined) {
      err(ctx, at, `skill ${JSON.stringify(skill.name)} of ${skill.path} has the same URI as the skill of ${other.path} (skill://…/${skill.name}/SKILL.md)`, 'duplicate-name');
      continue;
    }
    byPath.set(skill.path, skill);
    byName.set(skill.name, skill);
  }
  const model: SkillsModel = { paths: paths.map(toPosix), skills: [...byPath.values()], pos: lazyPos(ctx, ['skills']) };
  if (dir !== undefined) model.dir = toPosix(dir);
  if (typeof value['prefix'] === 'string') model.prefix = value['prefix'];
  if (Array.isArray(value['roles'])) model.roles = value['roles'].map(String);
  return model;
}

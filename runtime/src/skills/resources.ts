/**
 * Skills as ordinary resources: every file of a skill becomes a static {@link ResourceDefinition}, so
 * `resources/list`, `resources/read`, roles, cache and rate limits all work as for any resource. Each
 * definition carries a symbol-keyed link back to its skill (never serialized), which the skills
 * methods read.
 */
import type { ResourceDefinition } from '../registry/types.js';
import type { LoadedSkill, SkillFile } from './types.js';

/** Key of the link from a resource definition to the skill file it serves. */
export const SKILL_FILE = Symbol.for('mcp-gen.skill-file');

/** A resource definition that serves a skill file. */
export type SkillResourceDefinition = ResourceDefinition & { readonly [SKILL_FILE]: { readonly skill: LoadedSkill; readonly file: SkillFile } };

/** True when the definition serves a skill file. */
export function isSkillResource(def: ResourceDefinition): def is SkillResourceDefinition {
  return (def as Partial<SkillResourceDefinition>)[SKILL_FILE] !== undefined;
}

function definitionOf(skill: LoadedSkill, file: SkillFile): SkillResourceDefinition {
  const isSkillMd = file.path === 'SKILL.md';
  const body = file.text !== undefined ? { text: file.text, mimeType: file.mimeType } : { blob: file.bytes, mimeType: file.mimeType };
  const def: SkillResourceDefinition = {
    // SEP-2640 resource metadata: SKILL.md takes name and description from its frontmatter
    name: isSkillMd ? skill.name : `${skill.skillPath}/${file.path}`,
    uri: file.uri,
    mimeType: file.mimeType,
    size: file.size,
    ...(isSkillMd ? { description: skill.description } : {}),
    ...(skill.roles !== undefined ? { roles: skill.roles } : {}),
    handler: () => body,
    [SKILL_FILE]: { skill, file },
  };
  return def;
}

/**
 * The resource definitions of loaded skills, SKILL.md first within each skill.
 *
 * @example
 * const registry = { ...generated, resources: [...generated.resources, ...skillResources(await loadSkills(opts))] };
 */
export function skillResources(skills: readonly LoadedSkill[]): ResourceDefinition[] {
  const out: ResourceDefinition[] = [];
  for (const skill of skills) {
    const md = skill.files.find((f) => f.path === 'SKILL.md');
    if (md !== undefined) out.push(definitionOf(skill, md));
    for (const f of skill.files) if (f !== md) out.push(definitionOf(skill, f));
  }
  return out;
}

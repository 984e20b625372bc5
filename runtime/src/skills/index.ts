/**
 * Agent skills over MCP (SEP-2640): load skill folders at start-up, serve their files as resources,
 * answer `skills/list`, `skills/get` and `resources/directory/read`.
 */
export { loadSkills, loadSkillsAtStartup, loadSkill, DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES } from './load.js';
export { skillResources, isSkillResource, SKILL_FILE, type SkillResourceDefinition } from './resources.js';
export { skillsList, skillsGet, directoryRead, skillsCapability } from './methods.js';
export { checkFrontmatter, frontmatterBlock, SKILL_NAME, MAX_DESCRIPTION } from './frontmatter.js';
export { skillFoldersIn } from './folders.js';
export {
  SKILLS_EXTENSION,
  DIRECTORY_MIME_TYPE,
  SkillLoadError,
  type SkillsOptions,
  type LoadedSkill,
  type SkillFile,
  type SkillEntry,
  type SkillResourceEntry,
} from './types.js';

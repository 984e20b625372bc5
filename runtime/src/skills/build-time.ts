/**
 * What `mcp-gen build` needs of the skills code (`@mcp-gen/runtime/skills`): the frontmatter checks and the
 * folder listing, without the loader, the resources or the methods.
 */
export { checkFrontmatter, frontmatterBlock, SKILL_NAME, MAX_DESCRIPTION, type FrontmatterResult } from './frontmatter.js';
export { skillFoldersIn } from './folders.js';

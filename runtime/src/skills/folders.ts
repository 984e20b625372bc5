/**
 * Which subfolders of a skills folder are skills: the ones holding a SKILL.md, dot-folders skipped, sorted.
 * Shared by `mcp-gen build` (checks) and the runtime (loading), so both always see the same skills.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The skill folders directly under `dir` (absolute paths, sorted by name). `dir` must exist.
 *
 * @example
 * skillFoldersIn('/srv/app/skills'); // ['/srv/app/skills/git-workflow', '/srv/app/skills/pdf-processing']
 */
export function skillFoldersIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort()
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isDirectory() && existsSync(join(p, 'SKILL.md')));
}

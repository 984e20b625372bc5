/**
 * Handler files that no element of mcp.yaml uses any more. They are reported, never deleted: they are the
 * user's code.
 */
import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';

function walk(root: string, rel: string, out: string[], budget: { left: number }): void {
  let entries;
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (budget.left-- <= 0) return;
    const child = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) walk(root, child, out, budget);
    else if (e.isFile() && /\.(?:ts|mts|js|mjs)$/.test(e.name) && !/\.(?:test|spec|d)\.[mc]?[tj]s$/.test(e.name)) out.push(child);
  }
}

/**
 * Handler files under `handlersDir` (project-relative) that are not in `expected` (project-relative paths).
 *
 * @example
 * findOrphans('/p', 'src/handlers', new Set(['src/handlers/tools/sum.ts'])) // ['src/handlers/tools/old.ts']
 */
export function findOrphans(projectRoot: string, handlersDir: string, expected: ReadonlySet<string>): string[] {
  const found: string[] = [];
  // Bounded walk: a handlers folder with more than 100k entries is not one we should crawl.
  walk(join(projectRoot, handlersDir), '', found, { left: 100_000 });
  return found
    .map((f) => posix.join(handlersDir, f))
    .filter((f) => !expected.has(f))
    .sort();
}

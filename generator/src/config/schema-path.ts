/** Finds schemas/mcp.schema.json next to the installed generator. */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RELATIVE = join('schemas', 'mcp.schema.json');

let cached: string | undefined;

/**
 * Absolute path of `schemas/mcp.schema.json`. Looks upward from this module's real location
 * (so it works from `src/` under vitest, from `dist/`, and through a `file:` symlink): first a
 * copy inside the generator package, then the repository's top-level `schemas/`.
 *
 * @example
 * const schemaFile = schemaPath(); // '/work/main/schemas/mcp.schema.json'
 */
export function schemaPath(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(realpathSync(fileURLToPath(import.meta.url)));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, RELATIVE);
    if (existsSync(candidate)) return (cached = candidate);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`mcp-gen: cannot find ${RELATIVE} above ${fileURLToPath(import.meta.url)}; the installation is incomplete`);
}

/**
 * The hash of `<repo>/templates/`, part of every build's input hash. Kept apart from the renderer so the
 * no-op fast path can check it without loading Handlebars.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { templatesDir } from './package-info.js';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

let cachedHash: string | undefined;

/**
 * sha256 over every template (names and bytes, sorted): part of the build's input hash.
 *
 * @example
 * templatesHash() // '3f2a...'
 */
export function templatesHash(): string {
  if (cachedHash === undefined) {
    const hash = createHash('sha256');
    for (const file of listFiles(templatesDir).sort()) {
      hash.update(relative(templatesDir, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
    }
    cachedHash = hash.digest('hex');
  }
  return cachedHash;
}

/** Forget the hash (watch mode in a development checkout edits templates). */
export function resetTemplatesHash(): void {
  cachedHash = undefined;
}

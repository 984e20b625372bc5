/**
 * Where the generator lives on disk and what version it is. Paths are resolved from this module's real
 * location (Node resolves `file:` symlinks), so templates and schemas are found from any project.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The generator package folder (`<repo>/generator`); this file is `<pkg>/{src,dist}/emit/shared/`. */
export const generatorRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The repository root holding `templates/`, `schemas/` and `runtime/`. */
export const repoRoot: string = resolve(generatorRoot, '..');

/** Handlebars templates: one per emitted file kind. */
export const templatesDir: string = join(repoRoot, 'templates');

/** The JSON Schema of mcp.yaml, for the `# yaml-language-server: $schema=` line. */
export const configSchemaPath: string = join(repoRoot, 'schemas', 'mcp.schema.json');

/** The runtime package folder, for `file:` dependencies of projects made by `mcp-gen init`. */
export const runtimeRoot: string = join(repoRoot, 'runtime');

let cachedVersion: string | undefined;

/** The generator's version from its package.json, e.g. `0.1.0`. */
export function generatorVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(readFileSync(join(generatorRoot, 'package.json'), 'utf8')) as { version?: unknown };
    cachedVersion = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cachedVersion;
}

let cachedFingerprint: string | undefined;

function codeFiles(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) codeFiles(full, out);
    else if (/\.(?:js|ts)$/.test(entry.name) && !/\.(?:test|d)\.ts$/.test(entry.name)) out.push(full);
  }
}

/**
 * sha256 of the generator's own code (the folder this build runs from: dist/ or src/). Part of the input hash,
 * so a changed generator never takes the no-op fast path, even without a version bump.
 */
export function generatorFingerprint(): string {
  if (cachedFingerprint === undefined) {
    const codeRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
    const files: string[] = [];
    codeFiles(codeRoot, files);
    const hash = createHash('sha256');
    for (const f of files.sort()) hash.update(relative(codeRoot, f)).update('\0').update(readFileSync(f)).update('\0');
    cachedFingerprint = hash.digest('hex');
  }
  return cachedFingerprint;
}

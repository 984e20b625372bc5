/**
 * The build stamp: which generator code (a fingerprint) last produced the output of a project, kept beside the
 * emit cache in `node_modules/.cache/mcp-gen/`. The committed manifest stays independent of the generator's
 * code (it only changes when output can change), while the no-op fast path still refuses to trust output that
 * a different generator build wrote.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatorFingerprint } from '../emit/shared/package-info.js';

function stampFile(projectRoot: string): string {
  return join(projectRoot, 'node_modules', '.cache', 'mcp-gen', 'build-stamp.json');
}

function readStamps(projectRoot: string): Record<string, string> {
  try {
    const value = JSON.parse(readFileSync(stampFile(projectRoot), 'utf8')) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * True when the output folder's last build was made by this generator code from this input hash. Projects
 * without node_modules (nowhere to keep a stamp) rely on the manifest's version alone.
 */
export function stampMatches(projectRoot: string, outDir: string, inputHash: string): boolean {
  if (!existsSync(join(projectRoot, 'node_modules'))) return true;
  return readStamps(projectRoot)[outDir] === `${generatorFingerprint()}:${inputHash}`;
}

/** Records that this generator code built `outDir` from `inputHash`; failures only cost the fast path. */
export function writeStamp(projectRoot: string, outDir: string, inputHash: string): void {
  if (!existsSync(join(projectRoot, 'node_modules'))) return;
  const file = stampFile(projectRoot);
  try {
    const stamps = { ...readStamps(projectRoot), [outDir]: `${generatorFingerprint()}:${inputHash}` };
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, JSON.stringify(stamps));
    renameSync(temp, file);
  } catch {
    // read-only node_modules: the next build just cannot take the fast path
  }
}

/**
 * The build stamp: which generator code (a fingerprint) last produced an output folder, kept beside the emit
 * cache in `<nearest node_modules>/.cache/mcp-gen/stamps/`, one small file per output folder (named by a hash of
 * its absolute path, so projects sharing a node_modules never overwrite each other's stamp). The committed manifest
 * stays independent of the generator's code, while the no-op fast path still refuses to trust output that a
 * different generator build wrote.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cacheDir, pathId } from '../emit/shared/cache.js';
import { generatorFingerprint } from '../emit/shared/package-info.js';

function stampFile(projectRoot: string, outDir: string): string | undefined {
  const dir = cacheDir(projectRoot);
  return dir === undefined ? undefined : join(dir, 'stamps', `${pathId(resolve(projectRoot, outDir))}.txt`);
}

/**
 * True when the output folder's last build was made by this generator code from this input hash. Projects
 * with no node_modules at or above them (nowhere to keep a stamp) rely on the manifest's version alone.
 */
export function stampMatches(projectRoot: string, outDir: string, inputHash: string): boolean {
  const file = stampFile(projectRoot, outDir);
  if (file === undefined) return true;
  try {
    return readFileSync(file, 'utf8') === `${generatorFingerprint()}:${inputHash}`;
  } catch {
    return false;
  }
}

/** Records that this generator code built `outDir` from `inputHash`; failures only cost the fast path. */
export function writeStamp(projectRoot: string, outDir: string, inputHash: string): void {
  const file = stampFile(projectRoot, outDir);
  if (file === undefined) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, `${generatorFingerprint()}:${inputHash}`);
    renameSync(temp, file);
  } catch {
    // read-only node_modules: the next build just cannot take the fast path
  }
}

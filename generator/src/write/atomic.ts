/**
 * All-or-nothing writes: every file goes to a temp file beside its target first; only when all temp files are
 * written are they renamed into place (rename is atomic on one filesystem). A failure before the renames
 * removes the temp files and leaves every target untouched; a failed rename puts the replaced files back.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, linkSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface FileWrite {
  /** Absolute target path. */
  readonly file: string;
  readonly content: string;
}

/** Temp and backup files of a build (`types.gen.ts.mcp-gen-<pid>-<hex>.tmp`): the pid tells whether their build still runs. */
export const WORK_FILE = /\.mcp-gen-(\d+)-[0-9a-f]{8}\.(?:tmp|bak)$/;

/**
 * Writes all files or none. Every target is checked and staged as a temp file first; then each old file is
 * kept as a backup (a hard link) and its temp file renamed over it. When a rename fails (a target turned into
 * a folder, a permission), the files already replaced get their old versions back, so the folder is as it was.
 *
 * `rename` is for tests that make a rename fail.
 *
 * @example
 * writeAllOrNothing([{ file: '/p/src/generated/a.gen.ts', content: '...' }]);
 */
export function writeAllOrNothing(writes: readonly FileWrite[], rename: (from: string, to: string) => void = renameSync): void {
  const suffix = `.mcp-gen-${process.pid}-${randomBytes(4).toString('hex')}`;
  for (const w of writes) {
    if (kindOf(w.file) === 'other') throw new Error(`cannot write ${w.file}: it is a directory or special file, not a generated file; remove it; nothing was changed`);
  }
  const staged: { temp: string; file: string }[] = [];
  try {
    for (const w of writes) {
      mkdirSync(dirname(w.file), { recursive: true });
      const temp = `${w.file}${suffix}.tmp`;
      writeFileSync(temp, w.content, { encoding: 'utf8', flag: 'wx' });
      staged.push({ temp, file: w.file });
    }
  } catch (error) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw new Error(`cannot write ${writes[staged.length]?.file ?? 'output'}: ${(error as Error).message}; nothing was changed`, { cause: error });
  }
  const done: { file: string; backup: string | undefined }[] = [];
  let current = 0;
  try {
    for (const s of staged) {
      const backup = kindOf(s.file) === 'file' ? `${s.file}${suffix}.bak` : undefined;
      // A hard link keeps the old bytes while the rename below still replaces the file in one step.
      if (backup !== undefined) keepCopy(s.file, backup);
      done.push({ file: s.file, backup });
      rename(s.temp, s.file);
      current++;
    }
  } catch (error) {
    const rollback = rollBack(done, staged.slice(current));
    throw new Error(`cannot write ${staged[current]?.file ?? 'output'}: ${(error as Error).message}; ${rollback}`, { cause: error });
  }
  for (const d of done) if (d.backup !== undefined) rmSync(d.backup, { force: true });
}

function keepCopy(file: string, backup: string): void {
  try {
    linkSync(file, backup);
  } catch {
    copyFileSync(file, backup);
  }
}

function kindOf(file: string): 'missing' | 'file' | 'other' {
  try {
    const st = lstatSync(file);
    return st.isFile() || st.isSymbolicLink() ? 'file' : 'other';
  } catch {
    return 'missing';
  }
}

/** Puts the old files back (newest first) and removes the temp files that were not used. */
function rollBack(done: readonly { file: string; backup: string | undefined }[], unused: readonly { temp: string }[]): string {
  const failed: string[] = [];
  for (const d of [...done].reverse()) {
    try {
      if (d.backup !== undefined) {
        renameSync(d.backup, d.file);
        // rename() between two links of one file does nothing: the file was never replaced, drop the link.
        rmSync(d.backup, { force: true });
      } else {
        rmSync(d.file, { force: true });
      }
    } catch {
      failed.push(d.file);
    }
  }
  for (const u of unused) rmSync(u.temp, { force: true });
  return failed.length === 0 ? 'nothing was changed' : `could not restore ${failed.join(', ')} (its old version is beside it as *.bak)`;
}

/**
 * Creates a file only when it does not exist (handler stubs): `wx` refuses to replace a file that appeared
 * meanwhile, so user bytes are never overwritten. Returns false when the file already existed.
 */
export function createIfMissing(file: string, content: string): boolean {
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, content, { encoding: 'utf8', flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

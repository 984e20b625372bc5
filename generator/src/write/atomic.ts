/**
 * All-or-nothing writes: every file goes to a temp file beside its target first; only when all temp files are
 * written are they renamed into place (rename is atomic on one filesystem). A failure before the renames
 * removes the temp files and leaves every target untouched.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface FileWrite {
  /** Absolute target path. */
  readonly file: string;
  readonly content: string;
}

/**
 * Writes all files or none.
 *
 * @example
 * writeAllOrNothing([{ file: '/p/src/generated/a.gen.ts', content: '...' }]);
 */
export function writeAllOrNothing(writes: readonly FileWrite[]): void {
  const suffix = `.mcp-gen-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const staged: { temp: string; file: string }[] = [];
  try {
    for (const w of writes) {
      mkdirSync(dirname(w.file), { recursive: true });
      const temp = `${w.file}${suffix}`;
      writeFileSync(temp, w.content, { encoding: 'utf8', flag: 'wx' });
      staged.push({ temp, file: w.file });
    }
  } catch (error) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw new Error(`cannot write ${writes[staged.length]?.file ?? 'output'}: ${(error as Error).message}; nothing was changed`, { cause: error });
  }
  for (const s of staged) renameSync(s.temp, s.file);
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

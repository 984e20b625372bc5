/**
 * What is on disk where the build wants to put something: a handler file, or the temp files of another build.
 */
import { lstatSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';

const toPosix = (p: string): string => p.split(sep).join('/');

/**
 * What sits at a handler path (absolute; `root` is the project, for messages): nothing (the stub is created),
 * a file (the user's; a symbolic link to one counts), or the problem (`is a directory, ...`) that would leave
 * the handler missing at compile or run time.
 *
 * @example
 * handlerAt('/p', '/p/src/handlers/tools/a.ts') // 'missing' | 'file' | 'is a directory, not a handler file: ...'
 */
export function handlerAt(root: string, abs: string): 'missing' | 'file' | string {
  let st;
  try {
    st = lstatSync(abs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') return 'missing';
    // A folder on the way is a file (src/handlers/tools): the stub could not be created.
    let up = dirname(abs);
    while (up !== dirname(up) && !lstatSafe(up)?.isFile()) up = dirname(up);
    return `cannot be created: ${toPosix(relative(root, up))} is a file, not a folder; remove or rename it`;
  }
  if (st.isSymbolicLink()) {
    try {
      st = statSync(abs);
    } catch {
      return 'is a symbolic link to nothing, not a handler file: remove or rename it';
    }
  }
  if (st.isFile()) return 'file';
  return `${st.isDirectory() ? 'is a directory' : 'is not a regular file'}, not a handler file: remove or rename it`;
}

function lstatSafe(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Whether a process runs (temp files of a running build are its own). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `mcp-gen build --check`: what a build would change, as unified diffs (package `diff`). Nothing is written.
 */
import { createTwoFilesPatch } from 'diff';

export interface StaleFile {
  /** Project-relative path. */
  readonly path: string;
  readonly reason: 'missing' | 'changed' | 'extra';
  /** Unified diff from what is on disk to what the build would write ('' for missing stubs). */
  readonly diff: string;
}

/** Largest diff shown per file; beyond it the diff is cut with a note (a 1,000-tool file would flood a terminal). */
const MAX_DIFF_CHARS = 20_000;

/**
 * A unified diff between the file on disk and the expected content.
 *
 * @example
 * unifiedDiff('src/generated/a.gen.ts', 'old\n', 'new\n').includes('-old') // true
 */
export function unifiedDiff(path: string, actual: string | undefined, expected: string | undefined): string {
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, actual ?? '', expected ?? '', actual === undefined ? 'missing' : 'on disk', expected === undefined ? 'not generated' : 'expected', { context: 3 });
  return patch.length > MAX_DIFF_CHARS ? `${patch.slice(0, MAX_DIFF_CHARS)}\n... diff truncated (${patch.length} characters)\n` : patch;
}

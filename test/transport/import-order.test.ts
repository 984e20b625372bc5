/**
 * Every module of the built runtime loads on its own, first, in a fresh module graph (a worker thread each):
 * an import cycle that only works when the package entry is imported first shows up here as a
 * ReferenceError (under vitest such a cycle can pass silently, e.g. as a method that is "not found").
 * Needs `npm run build`.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../../runtime/dist/', import.meta.url));

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'bundle' ? [] : modules(p);
    return e.name.endsWith('.js') && !e.name.endsWith('.test.js') ? [p] : [];
  });
}

/** Resolves with undefined when `file` loads alone, else with the error's first line. */
function loadAlone(file: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const w = new Worker(`import(${JSON.stringify(pathToFileURL(file).href)}).then(() => process.exit(0), (e) => { console.error(String(e)); process.exit(1); });`, { eval: true, stderr: true, stdout: true });
    let err = '';
    w.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => void w.terminate(), 20_000);
    w.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? undefined : err.split('\n')[0] || `exit ${code}`);
    });
  });
}

describe('runtime modules', () => {
  it('each loads first and alone (no import cycle that needs a particular order)', async () => {
    const files = modules(DIST);
    expect(files.length).toBeGreaterThan(100);
    const failures: string[] = [];
    for (let i = 0; i < files.length; i += 8) {
      const batch = files.slice(i, i + 8);
      const results = await Promise.all(batch.map(loadAlone));
      results.forEach((r, j) => r !== undefined && failures.push(`${relative(DIST, batch[j]!)}: ${r}`));
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

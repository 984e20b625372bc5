/**
 * Session cost: 1,000 sessions open and an idle session stays small (target <= 4 KB). How fast they open is
 * measured by `npm run bench`, not asserted here.
 * Measured in a child process with --expose-gc (needs `npm run build`).
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./fixtures-session-scale.mjs', import.meta.url));

describe('session scale', () => {
  it('opens 1,000 sessions, each idle session under 4 KB (timing: npm run bench)', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--expose-gc', script, '1000'], { timeout: 60_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    const r = JSON.parse(out) as { ms: number; bytesPerSession: number; sessions: number };
    console.log(`1000 sessions: ${r.ms.toFixed(0)} ms, ${r.bytesPerSession} bytes each`);
    expect(r.sessions).toBe(1000);
    expect(r.bytesPerSession).toBeLessThan(4096);
  });
});

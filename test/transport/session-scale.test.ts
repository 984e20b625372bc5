/**
 * Session cost: 1,000 sessions open quickly and an idle session stays small (target <= 4 KB).
 * Measured in a child process with --expose-gc (needs `npm run build`).
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./fixtures-session-scale.mjs', import.meta.url));

describe('session scale', () => {
  it('opens 1,000 sessions fast, each idle session under 4 KB', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--expose-gc', script, '1000'], { timeout: 60_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    const r = JSON.parse(out) as { ms: number; bytesPerSession: number; sessions: number };
    console.log(`1000 sessions: ${r.ms.toFixed(0)} ms, ${r.bytesPerSession} bytes each`);
    expect(r.sessions).toBe(1000);
    expect(r.bytesPerSession).toBeLessThan(4096);
    // 0.5 s is the target on an idle machine; the bound here leaves room for a loaded CI box
    expect(r.ms).toBeLessThan(3000);
  });
});

import { describe, expect, it } from 'vitest';
import { MemoryNonceStore } from './nonce.js';

describe('MemoryNonceStore', () => {
  it('remembers a nonce until it expires', async () => {
    let t = 0;
    const s = new MemoryNonceStore({ now: () => t });
    expect(await s.remember('a', 1000)).toBe(true);
    expect(await s.remember('a', 1000)).toBe(false);
    t = 999;
    expect(s.rememberSync('a', 1000)).toBe(false);
    t = 1000;
    expect(s.rememberSync('a', 1000)).toBe(true);
  });

  it('stays bounded', () => {
    let t = 0;
    const s = new MemoryNonceStore({ now: () => t, maxEntries: 50 });
    for (let i = 0; i < 500; i++) {
      t++;
      s.rememberSync(`n${i}`, 1_000_000);
    }
    expect(s.size).toBeLessThanOrEqual(50);
    // the newest are kept
    expect(s.rememberSync('n499', 1_000_000)).toBe(false);
  });
});

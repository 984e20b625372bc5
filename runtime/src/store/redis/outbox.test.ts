import { describe, expect, it } from 'vitest';
import { BusOutbox, DEFAULT_OUTBOX_MAX_AGE_MS, DEFAULT_OUTBOX_MAX_MESSAGES } from './outbox.js';

/** A clock the test moves by hand. */
function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const pairs = (outbox: BusOutbox): string[] => outbox.take().map((e) => `${e.channel}|${e.message}`);

describe('BusOutbox', () => {
  it('coalesces the same signal: raised twice it is published once, in the place of its latest raise', () => {
    const outbox = new BusOutbox();
    outbox.add('c', 'tools');
    outbox.add('c', 'prompts');
    outbox.add('c', 'tools');
    outbox.add('other', 'tools'); // another channel is another signal
    expect(outbox.size).toBe(3);
    expect(pairs(outbox)).toEqual(['c|prompts', 'c|tools', 'other|tools']);
    expect(outbox.size).toBe(0);
    expect(outbox.take()).toEqual([]);
  });

  it('is bounded by count: the oldest are dropped, and the caller hears of the first drop', () => {
    const outbox = new BusOutbox({ maxMessages: 3, maxAgeMs: 60_000 });
    expect([1, 2, 3].map((n) => outbox.add('c', `m${n}`))).toEqual([false, false, false]);
    expect(outbox.add('c', 'm4')).toBe(true);
    expect(outbox.add('c', 'm5')).toBe(true);
    expect(outbox.size).toBe(3);
    expect(outbox.takeDrops()).toEqual({ full: 2, aged: 0 });
    expect(outbox.takeDrops()).toEqual({ full: 0, aged: 0 });
    expect(pairs(outbox)).toEqual(['c|m3', 'c|m4', 'c|m5']);
  });

  it('a repeat refreshes a signal so it is not the one dropped', () => {
    const outbox = new BusOutbox({ maxMessages: 2, maxAgeMs: 60_000 });
    outbox.add('c', 'a');
    outbox.add('c', 'b');
    outbox.add('c', 'a'); // a is now the newest
    outbox.add('c', 'd'); // drops b
    expect(pairs(outbox)).toEqual(['c|a', 'c|d']);
  });

  it('drops signals older than maxAgeMs when taken, and prunes them as new ones arrive', () => {
    const t = clock();
    const outbox = new BusOutbox({ maxMessages: 100, maxAgeMs: 1000 }, t.now);
    outbox.add('c', 'old');
    t.advance(600);
    outbox.add('c', 'middle');
    t.advance(500); // old is 1100 ms old, middle 500
    expect(pairs(outbox)).toEqual(['c|middle']);
    expect(outbox.takeDrops()).toEqual({ full: 0, aged: 1 });

    outbox.add('c', 'x');
    t.advance(1001);
    outbox.add('c', 'y'); // x is pruned on the way in: memory does not hold stale signals
    expect(outbox.size).toBe(1);
    expect(outbox.takeDrops().aged).toBe(1);
  });

  it('an aged signal raised again is young again', () => {
    const t = clock();
    const outbox = new BusOutbox({ maxMessages: 10, maxAgeMs: 1000 }, t.now);
    outbox.add('c', 'tools');
    t.advance(900);
    outbox.add('c', 'tools');
    t.advance(900);
    expect(pairs(outbox)).toEqual(['c|tools']);
  });

  it('restore puts failed signals back ahead of newer ones; a newer copy of the same signal wins', () => {
    const t = clock();
    const outbox = new BusOutbox({ maxMessages: 10, maxAgeMs: 10_000 }, t.now);
    outbox.add('c', 'a');
    outbox.add('c', 'b');
    const taken = outbox.take();
    t.advance(10);
    outbox.add('c', 'n'); // raised during the flush
    outbox.add('c', 'b'); // b again, newer
    outbox.restore(taken); // the flush failed for both
    const back = outbox.take();
    expect(back.map((e) => e.message)).toEqual(['a', 'n', 'b']);
    expect(back.find((e) => e.message === 'b')?.at).toBe(t.now());
  });

  it('restore respects the bounds too', () => {
    const t = clock();
    const outbox = new BusOutbox({ maxMessages: 2, maxAgeMs: 1000 }, t.now);
    outbox.add('c', 'a');
    const taken = outbox.take();
    t.advance(1500);
    outbox.add('c', 'x');
    outbox.add('c', 'y');
    outbox.restore(taken); // a is too old by now
    expect(pairs(outbox)).toEqual(['c|x', 'c|y']);
    expect(outbox.takeDrops()).toEqual({ full: 0, aged: 1 });
  });

  it('has production defaults and rejects nonsense limits, naming them', () => {
    expect(new BusOutbox().limits).toEqual({ maxMessages: DEFAULT_OUTBOX_MAX_MESSAGES, maxAgeMs: DEFAULT_OUTBOX_MAX_AGE_MS });
    expect(() => new BusOutbox({ maxMessages: 0, maxAgeMs: 1 })).toThrow(/maxMessages must be a positive integer, got 0/);
    expect(() => new BusOutbox({ maxMessages: 1, maxAgeMs: Number.NaN })).toThrow(/maxAgeMs must be a positive number of ms, got NaN/);
  });

  it('stays bounded under many distinct signals', () => {
    const outbox = new BusOutbox({ maxMessages: 50, maxAgeMs: 60_000 });
    for (let i = 0; i < 5000; i++) outbox.add('c', `uri-${i}`);
    expect(outbox.size).toBe(50);
    const taken = outbox.take();
    expect(taken[0]?.message).toBe('uri-4950');
    expect(taken.at(-1)?.message).toBe('uri-4999');
    expect(outbox.takeDrops().full).toBe(4950);
  });
});

/**
 * A client that stops reading its SSE stream must not grow the server's memory: past the unsent-bytes limit the
 * connection is let go (a plain stream ends; a resumable one keeps storing and is resumed), and a client that
 * reads gets even a message larger than the limit. Real node:http on 127.0.0.1, a raw socket that never reads.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../store/memory/events.js';
import { SseStream, type SseStreamOptions } from './sse-stream.js';

const LIMIT = 256 * 1024;
const CHUNK = { text: 'x'.repeat(64 * 1024) };

let server: Server | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.destroy();
  if (server !== undefined) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = socket = undefined;
});

/** Serves one SSE stream per request with `options`; resolves with the port and the streams made. */
async function serve(options: Omit<SseStreamOptions, 'retryMs'>): Promise<{ port: number; streams: SseStream[]; responses: ServerResponse[] }> {
  const streams: SseStream[] = [];
  const responses: ServerResponse[] = [];
  server = createServer((_req, res) => {
    const s = new SseStream({ retryMs: 1000, ...options });
    s.open(res);
    streams.push(s);
    responses.push(res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, streams, responses };
}

/** A client that sends a GET and then never reads. */
function silentClient(port: number): Promise<void> {
  return new Promise((resolve) => {
    socket = connect(port, '127.0.0.1', () => {
      socket!.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
      socket!.pause();
      resolve();
    });
  });
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return cond();
};

describe('SseStream and a client that stops reading', () => {
  it('ends a plain stream once more than the limit waits unsent, without ever buffering much past it', async () => {
    const overflows: number[] = [];
    let done = false;
    const { port, streams, responses } = await serve({ maxUnsentBytes: LIMIT, onOverflow: (n) => overflows.push(n), onDone: () => (done = true) });
    await silentClient(port);
    expect(await until(() => streams.length === 1)).toBe(true);
    const res = responses[0]!;
    let peak = 0;
    // 64 MB offered at most (bounded); the kernel's loopback buffers take a few MB, then node would buffer the rest
    for (let i = 0; i < 1024 && !streams[0]!.closed; i++) {
      streams[0]!.send(CHUNK);
      peak = Math.max(peak, res.writableLength);
      if (i % 8 === 7) await turn();
    }
    expect(streams[0]!.closed).toBe(true);
    expect(done).toBe(true);
    expect(overflows).toHaveLength(1);
    expect(overflows[0]!).toBeGreaterThan(LIMIT);
    expect(overflows[0]!).toBeLessThanOrEqual(LIMIT + 2 * CHUNK.text.length);
    expect(peak).toBeLessThanOrEqual(LIMIT + 2 * CHUNK.text.length);
    expect(res.destroyed).toBe(true);
  });

  it('keeps a resumable stream (storing every event) and only lets the connection go', async () => {
    const store = new MemoryEventStore({ maxEventsPerStream: 5000 });
    const overflows: number[] = [];
    const { port, streams } = await serve({ store, streamId: 's1', maxUnsentBytes: LIMIT, onOverflow: (n) => overflows.push(n) });
    await silentClient(port);
    expect(await until(() => streams.length === 1)).toBe(true);
    const s = streams[0]!;
    for (let i = 0; i < 1024 && s.attached; i++) {
      s.send({ ...CHUNK, i });
      if (i % 8 === 7) await s.flushed();
    }
    await s.flushed();
    expect(overflows).toHaveLength(1);
    expect(s.attached).toBe(false);
    expect(s.closed).toBe(false);
    s.send({ after: true });
    await s.flushed();
    // everything was stored, also what followed the drop: a resume from the priming event (id s1_1) gets it all
    const replay = await store.replayAfter('s1_1');
    expect(replay?.events.at(-1)?.data).toBe('{"after":true}');
    expect(replay?.events.filter((e) => e.data.includes('"text"')).length).toBeGreaterThan(0);
  });

  it('delivers a message larger than the limit to a client that reads, also right after smaller ones', async () => {
    const big = { text: 'y'.repeat(3 * LIMIT) };
    const { port, streams } = await serve({ maxUnsentBytes: LIMIT });
    const received = await new Promise<number>((resolve, reject) => {
      setTimeout(() => reject(new Error('the large message did not arrive within 5 s')), 5000).unref();
      let bytes = 0;
      socket = connect(port, '127.0.0.1', () => socket!.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
      socket.on('data', (d: Buffer) => {
        bytes += d.length;
        if (bytes > big.text.length) resolve(bytes);
      });
      socket.on('error', reject);
      void until(() => streams.length === 1).then(() => {
        // a few progress-sized messages still unsent, then the large result in the same turn
        for (let i = 0; i < 5; i++) streams[0]!.send({ progress: i });
        streams[0]!.send(big);
      });
    });
    expect(received).toBeGreaterThan(big.text.length);
    expect(streams[0]!.closed).toBe(false);
  });
});

describe('SseStream taken over from another instance', () => {
  it('sends, once, what the other instance stored after the replay was read', async () => {
    const store = new MemoryEventStore();
    const first = await store.append('g', JSON.stringify({ n: 1 })); // the client saw this one, then its connection was cut
    const streams: SseStream[] = [];
    server = createServer((_req, res) => {
      const s = new SseStream({ retryMs: 1000, store, streamId: 'g' });
      streams.push(s);
      s.resume(res, first, undefined, [80, 160]);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    let text = '';
    socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => socket!.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    socket.on('data', (d: Buffer) => (text += d.toString()));
    await store.append('g', JSON.stringify({ n: 2 })); // stored by the old holder before the replay: replayed
    expect(await until(() => streams.length === 1 && streams[0]!.attached)).toBe(true);
    await store.append('g', JSON.stringify({ n: 3 })); // stored by the old holder after the replay: only the catch-up has it
    streams[0]!.send({ n: 4 }); // live here
    const data = () => [...text.matchAll(/^data: (.+)$/gm)].map((m) => JSON.parse(m[1]!) as { n: number }).map((x) => x.n);
    expect(await until(() => data().length >= 3 && data().includes(3))).toBe(true);
    await new Promise((r) => setTimeout(r, 250)); // both catch-up passes ran
    expect(data().sort()).toEqual([2, 3, 4]);
  });
});

/**
 * A throwaway redis-server for the Redis rows: loopback only, ephemeral port, no persistence,
 * on the server core (it is part of the server side). Stopped with every other child.
 */
import { connect } from 'node:net';
import { spawnTracked, stopChild } from './children.mjs';
import { freePort } from '../peers/shared/serve.mjs';
import { SERVER_CORE } from './server.mjs';
import { sleep } from './stats.mjs';

export const REDIS_HINT = 'bench: the Redis rows need redis-server: apt-get install -y redis-server';

async function ping(port) {
  return (await command(port, 'PING')).startsWith('+PONG');
}

/** Sends one inline command and resolves with the raw reply (enough for PING and INFO). */
function command(port, text) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('connect', () => socket.write(`${text}\r\n`));
    socket.on('data', (d) => {
      answer += d;
      // A bulk reply: "$<len>\r\n<body>\r\n"; a simple one ends at the first CRLF.
      const bulk = /^\$(\d+)\r\n/.exec(answer);
      if (bulk === null ? answer.includes('\r\n') : answer.length >= bulk[0].length + Number(bulk[1]) + 2) socket.end();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(''));
  });
}

/** Commands the Redis server has processed so far (INFO stats), to prove a row really used it. */
export async function redisCommandCount(url) {
  const port = Number(new URL(url).port);
  const match = /total_commands_processed:(\d+)/.exec(await command(port, 'INFO stats'));
  return match === null ? Number.NaN : Number(match[1]);
}

/** @returns {Promise<{ url: string, pid: number, stop: () => Promise<void> }>} */
export async function startRedis() {
  const port = await freePort();
  const child = spawnTracked(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    { core: SERVER_CORE },
  );
  const failed = new Promise((resolve) => child.once('error', (error) => resolve(error)));
  for (let i = 0; i < 200; i++) {
    const early = await Promise.race([failed, sleep(25).then(() => undefined)]);
    if (early !== undefined) throw new Error(`${REDIS_HINT} (${early.message})`);
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (await ping(port)) return { url: `redis://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child) };
  }
  await stopChild(child);
  throw new Error(`redis-server did not answer PING on 127.0.0.1:${port} within 5 s`);
}

/**
 * Starting a server under test on core 1 and waiting until it answers: either it prints
 * `READY <port>` (the peers), or the bench gave it a port and polls initialize until it succeeds.
 */
import { GC_PRELOAD, gcReporter } from './heap-after-gc.mjs';
import { spawnTracked, stopChild } from './children.mjs';
import { initialize } from './mcp-client.mjs';
import { sleep } from './stats.mjs';

export const SERVER_CORE = 1;
export const LOADER_CORE = 0;

/**
 * @typedef {{ child: import('node:child_process').ChildProcess, pid: number, url: string,
 *             startMs: number, stop: () => Promise<void>, output: () => string,
 *             collectGarbage?: () => Promise<import('./heap-after-gc.mjs').MemoryAfterGc> }} RunningServer
 */

/**
 * @param {{ command: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string, path: string,
 *           port?: number, authHeaders?: Record<string,string>, timeoutMs?: number, label: string,
 *           gcProbe?: boolean }} spec  gcProbe: preload gc-on-signal.mjs (the rows; not the start-up timing)
 * @returns {Promise<RunningServer>}
 */
export async function startServer(spec) {
  const started = performance.now();
  // Every node server gets the same preload: a full GC on SIGUSR2 for the memory tables (heap-after-gc.mjs).
  const isNode = spec.command === process.execPath && spec.gcProbe === true;
  const args = isNode ? ['--import', GC_PRELOAD, ...spec.args] : spec.args;
  const child = spawnTracked(spec.command, args, { core: SERVER_CORE, env: spec.env, cwd: spec.cwd });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
  const collectGarbage = isNode ? gcReporter(child) : undefined;
  const timeoutMs = spec.timeoutMs ?? 30_000;
  const stop = () => stopChild(child);
  const fail = async (why) => {
    await stop();
    const tail = output.trim().split('\n').slice(-12).join('\n');
    return new Error(`${spec.label}: ${why}${tail ? `\n${tail}` : ''}`);
  };
  let port = spec.port;
  if (port === undefined) {
    port = await new Promise((resolve) => {
      let buffered = '';
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      child.stdout.on('data', (d) => {
        output = (output + d).slice(-4000);
        buffered += d;
        const match = /^READY (\d+)$/m.exec(buffered);
        if (match !== null) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve(undefined);
        void code;
        void signal;
      });
    });
    if (port === undefined) throw await fail(`did not print READY <port> within ${timeoutMs} ms (exit: ${child.exitCode ?? child.signalCode ?? 'still running'})`);
  } else {
    child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
  }
  const url = `http://127.0.0.1:${port}${spec.path}`;
  // Ready means: answers initialize (covers servers that print before they serve, and those that print nothing).
  const deadline = started + timeoutMs;
  let lastError;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw await fail(`exited with ${child.exitCode ?? child.signalCode} before answering`);
    try {
      await initialize(url, spec.authHeaders ?? {});
      break;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() > deadline) throw await fail(`no successful initialize within ${timeoutMs} ms: ${lastError?.message}`);
    await sleep(5);
  }
  return { child, pid: child.pid, url, startMs: performance.now() - started, stop, output: () => output, collectGarbage };
}

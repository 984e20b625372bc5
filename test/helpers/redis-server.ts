/**
 * A real, throw-away `redis-server` for tests: loopback only, an ephemeral port, a temp dir, no
 * persistence. Missing binary fails loudly (never skips): `.ci/run` installs it (apt-get install redis-server).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stop the server (SIGTERM, SIGKILL after 2 s). Data is lost: there is no persistence. */
  stop(): Promise<void>;
  /** Start it again on the same port (after `stop`). */
  start(): Promise<void>;
  /** True while the process runs. */
  running(): boolean;
  /** Freeze the process (SIGSTOP): connections stay open but nothing answers, like a hung Redis. */
  pause(): void;
  /** Undo {@link RedisServer.pause} (SIGCONT). */
  resume(): void;
  /** Stop for good and remove the temp dir. */
  dispose(): Promise<void>;
}

const BINARY = process.env['REDIS_SERVER_BIN'] ?? 'redis-server';

/** Fail with a message that says what to install. */
function assertInstalled(): void {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      `redis-server is required by the Redis and multi-instance tests but "${BINARY}" could not be run ` +
        `(${probe.error?.message ?? `exit ${String(probe.status)}`}). Install it: apt-get install -y redis-server ` +
        '(.ci/run does), or set REDIS_SERVER_BIN.',
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** PING until PONG, bounded in time. */
async function waitForPong(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} while starting on port ${port}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const done = (value: boolean): void => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('error', () => done(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

/**
 * Start a redis-server on 127.0.0.1 and an ephemeral port.
 *
 * @example
 * const redis = await startRedisServer();
 * try { ... redis.url ... } finally { await redis.dispose(); }
 */
export async function startRedisServer(): Promise<RedisServer> {
  assertInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'mcp-gen-redis-'));
  let child: ChildProcess | undefined;
  let port = 0;
  let stderr = '';

  const launch = async (): Promise<void> => {
    child = spawn(
      BINARY,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    try {
      await waitForPong(port, child, 5000);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}${stderr ? `; stderr: ${stderr}` : ''}`, { cause: error });
    }
  };

  const stop = async (): Promise<void> => {
    const current = child;
    child = undefined;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => current.kill('SIGKILL'), 2000);
      current.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      current.kill('SIGTERM');
    });
  };

  // The port is picked free then bound by redis-server: retry in the rare case another process took it.
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    port = await freePort();
    try {
      await launch();
      lastError = undefined;
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (lastError !== undefined) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError;
  }

  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    start: async () => {
      if (child !== undefined) return;
      await launch();
    },
    stop: async () => {
      await stop();
    },
    running: () => child !== undefined && child.exitCode === null,
    pause: () => {
      child?.kill('SIGSTOP');
    },
    resume: () => {
      child?.kill('SIGCONT');
    },
    dispose: async () => {
      child?.kill('SIGCONT');
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  } satisfies RedisServer;
}

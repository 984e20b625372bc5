/**
 * Several app instances as separate Node processes (test/scale/fixtures/instance.mjs on the built
 * runtime), one real redis-server, and a round-robin proxy in front: what a deployment on Redis looks like.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/instance.mjs', import.meta.url));
const RUNTIME_DIST = fileURLToPath(new URL('../../runtime/dist/index.js', import.meta.url));

export interface Instance {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** The last lines it wrote to stderr (its log), for failure messages. */
  log(): string;
  /** SIGKILL: a crash, nothing is cleaned up. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown. Resolves with the exit code (null when it had to be killed). */
  stop(): Promise<number | null>;
  alive(): boolean;
}

export interface Cluster {
  readonly redis: RedisServer;
  readonly instances: readonly Instance[];
  readonly proxy: RoundRobinProxy;
  /** `<proxy>/mcp` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * One instance of the fixture as its own process; `env` goes over the defaults (log level warn, JSON logs).
 * Stopped again if it does not announce its port within 20 s.
 *
 * @example
 * const node = await startInstance('instance-a', { MCP_REDIS_URL: redis.url });
 */
export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const child: ChildProcess = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, INSTANCE_NAME: name, MCP_LOG_LEVEL: 'warn', MCP_LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const signal = async (sig: NodeJS.Signals): Promise<number | null> => {
    if (alive()) {
      child.kill(sig);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    return child.exitCode;
  };
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`instance ${name} did not start within 20 s; stderr: ${stderr}`)), 20_000);
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /READY (\d+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`instance ${name} exited with ${String(code)} while starting; stderr: ${stderr}`));
      });
    });
  } catch (error) {
    await signal('SIGKILL');
    throw error;
  }
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}/mcp`,
    log: () => stderr,
    kill: async () => {
      await signal('SIGKILL');
    },
    stop: () => signal('SIGTERM'),
    alive,
  };
}

/**
 * @example
 * const cluster = await startCluster(3);
 * try { ... cluster.url ... } finally { await cluster.close(); }
 */
export async function startCluster(count: number, env: Record<string, string> = {}): Promise<Cluster> {
  if (!existsSync(RUNTIME_DIST)) {
    throw new Error(`the multi-instance tests run the built runtime: ${RUNTIME_DIST} is missing; run npm run build first`);
  }
  const redis = await startRedisServer();
  const instances: Instance[] = [];
  try {
    const started = await Promise.all(
      Array.from({ length: count }, (_, i) => startInstance(`instance-${i}`, { MCP_REDIS_URL: redis.url, ...env })),
    );
    instances.push(...started);
  } catch (error) {
    await redis.dispose();
    throw error;
  }
  const proxy = await startRoundRobinProxy(instances.map((i) => i.port));
  return {
    redis,
    instances,
    proxy,
    url: `${proxy.url}/mcp`,
    close: async () => {
      await proxy.close();
      await Promise.all(instances.map((i) => i.stop()));
      await redis.dispose();
    },
  };
}

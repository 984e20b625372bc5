/**
 * Runs wrk (the load generator) against one endpoint with bench/wrk/mcp-post.lua and returns its
 * JSON summary: requests, duration, errors and latency percentiles.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnTracked } from './children.mjs';

const SCRIPT = fileURLToPath(new URL('../wrk/mcp-post.lua', import.meta.url));
const SESSIONS_SCRIPT = fileURLToPath(new URL('../wrk/mcp-sessions.lua', import.meta.url));

/** The one-line hint printed when wrk is missing. */
export const WRK_HINT = 'bench: wrk is required: apt-get update && apt-get install -y wrk (Debian/Ubuntu), or brew install wrk (macOS)';

export function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version; only a missing binary is ENOENT.
    return error?.code !== 'ENOENT';
  }
}

/**
 * Runs wrk with `script`; with `stopOnDone`, interrupts it when the script prints BENCH_DONE (wrk itself
 * would sleep out the whole duration). Resolves with the script's BENCH_JSON summary and the wall time
 * until done (or until wrk ended).
 */
async function runScript(script, options, extraEnv, stopOnDone) {
  const target = new URL(options.url);
  const headerLines = Object.entries(options.headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${Math.max(1, Math.round(options.seconds))}s`,
    '--timeout',
    '5s',
    '--latency',
    '-s',
    script,
    `${target.protocol}//${target.host}`,
  ];
  const env = { ...process.env, BENCH_PATH: target.pathname + target.search, BENCH_HEADERS: headerLines, ...extraEnv };
  const started = performance.now();
  let doneMs;
  const stdout = await new Promise((resolve, reject) => {
    const child = spawnTracked('wrk', args, { env, core: options.core });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      if (stopOnDone && doneMs === undefined && out.includes('BENCH_DONE')) {
        doneMs = performance.now() - started;
        child.kill('SIGINT'); // wrk stops and prints its summary
      }
    });
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), (options.seconds + 30) * 1000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`wrk: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 || out.includes('BENCH_JSON ')) resolve(out);
      else reject(new Error(`wrk exited with ${code ?? signal}: ${(err || out).trim().slice(-500)}`));
    });
  });
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (line === undefined) throw new Error(`wrk printed no summary:\n${stdout.slice(-500)}`);
  return { raw: JSON.parse(line.slice('BENCH_JSON '.length)), elapsedMs: doneMs ?? performance.now() - started };
}

/**
 * Load: tools/call of `add` for `seconds`, or until `maxResponses` replies.
 * @param {{ url: string, headers: Record<string,string>, seconds: number, connections: number,
 *           maxResponses?: number, core?: number }} options
 * @returns {Promise<{ requests: number, durationUs: number, rps: number, errors: Record<string,number>,
 *                     errorCount: number, latencyUs: { p50: number, p90: number, p99: number, max: number, mean: number },
 *                     elapsedSeconds: number }>}
 */
export async function runWrk(options) {
  const { raw, elapsedMs } = await runScript(SCRIPT, options, { BENCH_MAX: String(options.maxResponses ?? 0) }, Boolean(options.maxResponses));
  const errorCount = Object.values(raw.errors).reduce((sum, n) => sum + n, 0);
  return {
    requests: raw.requests,
    durationUs: raw.duration_us,
    rps: raw.requests / (raw.duration_us / 1e6),
    errors: raw.errors,
    errorCount,
    latencyUs: raw.latency_us,
    /** Wall time from starting wrk until the last wanted reply (or until wrk ended). */
    elapsedSeconds: elapsedMs / 1000,
  };
}

/**
 * Opens `sessions` MCP sessions (initialize + notifications/initialized) as fast as the server allows,
 * giving up after `seconds`.
 * @returns {Promise<{ opened: number, failed: number, seconds: number }>}
 */
export async function openSessionsWithWrk(options) {
  const { raw, elapsedMs } = await runScript(SESSIONS_SCRIPT, options, { BENCH_SESSIONS: String(options.sessions) }, true);
  return { opened: raw.opened, failed: raw.failed, seconds: elapsedMs / 1000 };
}

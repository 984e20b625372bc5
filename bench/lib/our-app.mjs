/**
 * Our rows: bench/app (an mcp-gen project serving the same `add` tool) built with the repo's own
 * `mcp-gen build` + tsc, then run standalone, mounted in Express, with SSE replies, with apikey
 * auth + rate limits in memory, and the same on Redis.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { runToEnd } from './children.mjs';
import { freePort } from '../peers/shared/serve.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const APP_DIR = fileURLToPath(new URL('../app/', import.meta.url));
export const MCP_GEN_BIN = fileURLToPath(new URL('../../generator/bin/mcp-gen.js', import.meta.url));
// what apps load (`@mcp-gen/runtime` resolves to the bundle; runtime/scripts/bundle.mjs)
const RUNTIME_DIST = fileURLToPath(new URL('../../runtime/dist/bundle/index.js', import.meta.url));
const GENERATOR_DIST = fileURLToPath(new URL('../../generator/dist/index.js', import.meta.url));

/** The API key our auth rows use (MCP_API_KEYS); loopback only, never a secret. */
export const BENCH_API_KEY = 'bench-key-0123456789abcdef';
/** High enough never to trigger during a run, so the row measures the limiter's cost, not 429s. */
export const BENCH_RATE_LIMIT = '100000000/m';

/** Path to tsc of the installed TypeScript. */
export function tscBin() {
  const require = createRequire(import.meta.url);
  return require.resolve('typescript/bin/tsc');
}

/** Why our rows cannot run yet, or undefined when the generator and runtime are built. */
export function ourToolchainMissing() {
  if (!existsSync(MCP_GEN_BIN)) return `generator/bin/mcp-gen.js is missing`;
  if (!existsSync(GENERATOR_DIST)) return 'the generator is not built (run npm run build)';
  if (!existsSync(RUNTIME_DIST)) return 'the runtime is not built (run npm run build)';
  return undefined;
}

/** Runs `mcp-gen <args>` in `cwd`. */
export function mcpGen(args, cwd, timeoutMs = 120_000) {
  return runToEnd(process.execPath, [MCP_GEN_BIN, ...args], { cwd, timeoutMs });
}

let built;
/**
 * Builds bench/app once per bench run: the repo's runtime and generator first (`tsc -b`, a no-op when
 * they are up to date, then the runtime bundle, so the bench never measures stale output), then
 * `mcp-gen build`, then tsc.
 */
export function buildApp() {
  built ??= (async () => {
    await runToEnd(process.execPath, [tscBin(), '-b', 'runtime/tsconfig.json', 'generator/tsconfig.json'], { cwd: REPO_ROOT, timeoutMs: 300_000 });
    await runToEnd(process.execPath, [fileURLToPath(new URL('../../runtime/scripts/bundle.mjs', import.meta.url))], { cwd: REPO_ROOT, timeoutMs: 120_000 });
    const missing = ourToolchainMissing();
    if (missing !== undefined) throw new Error(missing);
    await mcpGen(['build'], APP_DIR);
    await runToEnd(process.execPath, [tscBin(), '-p', 'tsconfig.json'], { cwd: APP_DIR, timeoutMs: 180_000 });
  })();
  return built;
}

/** Environment for one of our rows: loopback, a free port, quiet logs, plus the row's settings. */
async function appEnv(extra) {
  const port = await freePort();
  const env = { ...process.env, HOST: '127.0.0.1', PORT: String(port), MCP_LOG_LEVEL: 'warn', NODE_ENV: 'production', ...extra };
  return { env, port };
}

const auth = { MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: BENCH_API_KEY, MCP_RATE_LIMIT: BENCH_RATE_LIMIT };
const authHeaders = { 'x-api-key': BENCH_API_KEY };

function row(id, label, { entry = 'dist/main.js', args = ['serve'], env = {}, headers, redis = false, path = '/mcp', expectReply = 'json' }) {
  return {
    id,
    label,
    group: 'ours',
    expectReply,
    needs: redis ? ['app', 'redis'] : ['app'],
    async spec(ctx) {
      const settings = { ...env };
      if (redis) settings.MCP_REDIS_URL = ctx.redisUrl;
      const { env: childEnv, port } = await appEnv(settings);
      return {
        command: process.execPath,
        args: [fileURLToPath(new URL(entry, `file://${APP_DIR}`)), ...args],
        env: childEnv,
        cwd: APP_DIR,
        port,
        path,
        authHeaders: headers ?? {},
      };
    },
  };
}

export const ourRows = [
  row('ours-json', 'mcp-gen app, standalone, JSON replies', {}),
  row('ours-sse', 'mcp-gen app, standalone, SSE replies', { entry: 'dist/sse.js', expectReply: 'sse' }),
  row('ours-mounted', 'mcp-gen app, mounted in express 5', { entry: 'dist/mounted.js', args: [] }),
  row('ours-auth', 'mcp-gen app, apikey + rate limit (memory)', { env: auth, headers: authHeaders }),
  row('ours-auth-sse', 'mcp-gen app, apikey + rate limit, SSE replies', { entry: 'dist/sse.js', env: auth, headers: authHeaders, expectReply: 'sse' }),
  row('ours-redis', 'mcp-gen app, apikey + rate limit (Redis)', { env: auth, headers: authHeaders, redis: true }),
];

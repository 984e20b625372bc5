/**
 * Bundles the compiled runtime (dist/, from `tsc -b`) into dist/bundle/: one ES module per public entry point
 * plus shared chunks, dependencies left as imports. Why: a server loading ~190 small modules spends most of
 * its start-up resolving, reading and linking them; the bundle halves the time to import the runtime
 * (docs/notes/perf-startup.md). Shared chunks keep one copy of every class across entry points, so
 * `instanceof` holds between `@mcp-gen/runtime` and `@mcp-gen/runtime/redis`. Types stay in dist/*.d.ts.
 *
 * Run by `npm run build` at the repo root, after tsc. Fails (exit 1) on any bundler warning.
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/bundle`;

/** Entry points: the package.json `exports` map points each at dist/bundle/<name>.js. */
const input = {
  index: `${root}dist/index.js`,
  validation: `${root}dist/validation/index.js`,
  openapi: `${root}dist/openapi/index.js`,
  redis: `${root}dist/store/redis/index.js`,
  skills: `${root}dist/skills/build-time.js`,
};

const warnings = [];
await rm(out, { recursive: true, force: true });
const bundle = await rolldown({
  input,
  platform: 'node',
  // packages (express, pino, ajv, ioredis...) and node: builtins stay imports: only our own files are joined
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  onwarn: (warning) => warnings.push(warning.message),
});
await bundle.write({ dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunk-[hash].js', sourcemap: true });
await bundle.close();
if (warnings.length > 0) {
  process.stderr.write(`runtime bundle: ${warnings.length} warning(s):\n${warnings.map((w) => `  ${w}`).join('\n')}\n`);
  process.exit(1);
}

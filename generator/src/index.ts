/**
 * mcp-gen's programmatic API: build a project from mcp.yaml (what `mcp-gen build` runs), emit the files of a
 * model in memory, and the CLI entry point.
 *
 * @example
 * import { build } from 'mcp-gen';
 * const report = await build({ config: 'mcp.yaml', check: true });
 * if (report.status !== 'ok') process.exitCode = 1;
 */
export { build, type BuildOptions, type BuildReport } from './write/build.js';
export { emitProject, type EmitContext, type EmittedFile } from './emit/index.js';
export { watchBuild, type BuildWatcher, type WatchOptions } from './cli/watch.js';
export { main } from './cli/main.js';
export { generatorVersion } from './emit/shared/package-info.js';
export type { Model, Diagnostic } from './model/types.js';

/**
 * `mcp-gen dev`: the watch loop of a project. Builds (mcp-gen build --watch), compiles (tsc --watch) and runs
 * the server (node --watch dist/main.js), restarting it whenever the compiled output changes.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { printReport } from './build.js';
import { colors } from './output.js';
import { watchBuild } from './watch.js';

/** The TypeScript compiler of the project (falling back to the generator's own). */
export function findTsc(projectRoot: string): string {
  for (const base of [join(projectRoot, 'package.json'), import.meta.url]) {
    try {
      return createRequire(base).resolve('typescript/bin/tsc');
    } catch {
      // try the next place
    }
  }
  throw new Error('typescript is not installed: run npm install -D typescript');
}

export interface DevOptions {
  readonly config: string;
  readonly out?: string;
  readonly tsconfig?: string;
  /** Arguments for dist/main.js (default: serve over HTTP). */
  readonly args?: readonly string[];
}

/**
 * Runs the dev loop until SIGINT/SIGTERM; resolves to the exit code.
 *
 * @example
 * process.exitCode = await devCommand({ config: 'mcp.yaml' });
 */
export async function devCommand(opts: DevOptions): Promise<number> {
  const c = colors();
  const root = dirname(resolve(opts.config));
  const tsconfig = resolve(root, opts.tsconfig ?? 'tsconfig.json');
  if (!existsSync(tsconfig)) {
    process.stderr.write(`error: ${tsconfig} not found\n`);
    return 1;
  }
  const tsc = findTsc(root);
  const watcher = watchBuild(
    { config: opts.config, ...(opts.out === undefined ? {} : { outDir: opts.out }) },
    { onReport: async (r) => void (await printReport(r, {})) },
  );
  await watcher.ready;

  // One full compile first so dist/main.js exists before node starts watching it.
  process.stdout.write(c.dim('compiling...\n'));
  spawnSync(process.execPath, [tsc, '-p', tsconfig], { cwd: root, stdio: 'inherit' });
  const children: ChildProcess[] = [
    spawn(process.execPath, [tsc, '-p', tsconfig, '--watch', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' }),
    spawn(process.execPath, ['--watch', '--enable-source-maps', join(root, 'dist', 'main.js'), ...(opts.args ?? [])], { cwd: root, stdio: 'inherit' }),
  ];
  return new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = (code: number): void => {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      void watcher.close().then(() => resolveExit(code));
    };
    const onSignal = (): void => stop(0);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    for (const child of children) {
      child.on('exit', (code) => {
        if (!stopping) {
          process.stderr.write(`mcp-gen dev: a child process exited (code ${code ?? 'signal'}); stopping\n`);
          stop(code ?? 1);
        }
      });
    }
  });
}

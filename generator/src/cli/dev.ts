/**
 * `mcp-gen dev`: the watch loop of a project. Builds (mcp-gen build --watch), compiles (tsc --watch) and runs
 * the server (node --watch dist/main.js), restarting it whenever the compiled output changes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
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

  // node starts after tsc --watch reports its first pass, so the server does not restart right away.
  process.stdout.write(c.dim('compiling...\n'));
  const tscChild = spawn(process.execPath, [tsc, '-p', tsconfig, '--watch', '--preserveWatchOutput'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const children: ChildProcess[] = [tscChild];
  let started = false;
  let pending = '';
  tscChild.stdout?.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (started) return;
    pending = (pending + chunk.toString()).slice(-4096);
    if (!/Found \d+ errors?\b/.test(pending)) return;
    started = true;
    const main = join(root, 'dist', 'main.js');
    if (!existsSync(main)) {
      process.stderr.write(`mcp-gen dev: ${main} was not produced; fix the errors above (the server starts after the next successful compile)\n`);
      started = false;
      pending = '';
      return;
    }
    children.push(spawn(process.execPath, ['--watch', '--enable-source-maps', main, ...(opts.args ?? [])], { cwd: root, stdio: 'inherit' }));
    watchExit(children[children.length - 1] as ChildProcess);
  });
  let watchExit: (child: ChildProcess) => void = () => undefined;
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
    watchExit = (child) => {
      child.on('exit', (code) => {
        if (!stopping) {
          process.stderr.write(`mcp-gen dev: a child process exited (code ${code ?? 'signal'}); stopping\n`);
          stop(code ?? 1);
        }
      });
    };
    for (const child of children) watchExit(child);
  });
}

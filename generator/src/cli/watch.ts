/**
 * `mcp-gen build --watch`: rebuild when mcp.yaml or a file it references changes. Debounced (~100 ms), one
 * build at a time (changes during a build queue exactly one rerun), the output folder is ignored, and a
 * broken edit is reported without stopping the watcher.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { generatorRoot, templatesDir } from '../emit/shared/package-info.js';
import { resetTemplateCache } from '../emit/shared/templates.js';
import { type BuildOptions, type BuildReport, build } from '../write/build.js';

export interface BuildWatcher {
  /** Resolves after the first build and once the file watcher is ready. */
  readonly ready: Promise<void>;
  /** Stop watching; resolves once a running build has finished. */
  close(): Promise<void>;
}

export interface WatchOptions {
  readonly debounceMs?: number;
  /** Also watch the generator's templates (development checkouts). Default: when generator/src exists. */
  readonly watchTemplates?: boolean;
  /** Called after every build (also the first). Errors it throws are passed to onError. */
  readonly onReport: (report: BuildReport) => void | Promise<void>;
  readonly onError?: (error: Error) => void;
}

/**
 * Builds once, then on every change of the inputs.
 *
 * @example
 * const w = watchBuild({ config: 'mcp.yaml' }, { onReport: (r) => console.log(r.status) });
 * await w.ready;
 * // ... later
 * await w.close();
 */
export function watchBuild(options: BuildOptions, watchOptions: WatchOptions): BuildWatcher {
  const debounceMs = watchOptions.debounceMs ?? 100;
  const watchTemplates = watchOptions.watchTemplates ?? existsSync(join(generatorRoot, 'src'));
  const onError = watchOptions.onError ?? ((e: Error) => process.stderr.write(`mcp-gen: ${e.message}\n`));
  const outDir = resolve(resolve(options.config, '..'), options.outDir ?? 'src/generated');
  let watcher: FSWatcher | undefined;
  let watched = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let closed = false;
  let templatesChanged = false;

  const syncWatched = (files: readonly string[]): void => {
    const next = new Set(files.map((f) => resolve(f)));
    if (watchTemplates) next.add(templatesDir);
    if (watcher === undefined) {
      watched = next;
      return;
    }
    const add = [...next].filter((f) => !watched.has(f));
    const remove = [...watched].filter((f) => !next.has(f));
    if (add.length > 0) watcher.add(add);
    if (remove.length > 0) watcher.unwatch(remove);
    watched = next;
  };

  const runOnce = async (): Promise<void> => {
    if (templatesChanged) {
      resetTemplateCache();
      templatesChanged = false;
    }
    try {
      const report = await build({ ...options, force: options.force === true });
      if (report.watchFiles.length > 0) syncWatched(report.watchFiles);
      await watchOptions.onReport(report);
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const loop = async (): Promise<void> => {
    do {
      pending = false;
      await runOnce();
    } while (pending && !closed);
    running = undefined;
  };

  const trigger = (): void => {
    if (closed) return;
    if (running) {
      pending = true;
      return;
    }
    running = loop();
  };

  const schedule = (path: string): void => {
    if (path.startsWith(templatesDir)) templatesChanged = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(trigger, debounceMs);
  };

  const ready = (async () => {
    running = loop();
    await running;
    if (closed) return;
    watched.add(resolve(options.config));
    if (watchTemplates) watched.add(templatesDir);
    watcher = watch([...watched], {
      ignoreInitial: true,
      ignored: (p: string) => p === outDir || p.startsWith(`${outDir}/`),
      awaitWriteFinish: false,
    });
    watcher.on('all', (_event, path) => schedule(path));
    watcher.on('error', (e) => onError(e instanceof Error ? e : new Error(String(e))));
    await new Promise<void>((r) => watcher?.once('ready', () => r()));
  })();

  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await ready.catch(() => undefined);
      await watcher?.close();
      await running;
    },
  };
}

/**
 * `mcp-gen build`: validate mcp.yaml, then emit into src/generated/ (and create missing handler stubs).
 * `--check` writes nothing and fails when the output is stale; `--watch` keeps rebuilding.
 */
import { type BuildReport, build } from '../write/build.js';
import { colorEnabled, colors, failureText, reportJson, summaryLine } from './output.js';

export interface BuildCommandOptions {
  readonly config: string;
  readonly out?: string;
  readonly check?: boolean;
  readonly watch?: boolean;
  readonly quiet?: boolean;
  readonly json?: boolean;
  readonly force?: boolean;
}

/** Prints one report the way the options ask; returns the exit code it deserves. */
export async function printReport(report: BuildReport, opts: Pick<BuildCommandOptions, 'quiet' | 'json' | 'check'>): Promise<number> {
  const out = process.stdout;
  const err = process.stderr;
  if (opts.json) {
    out.write(`${JSON.stringify(reportJson(report), null, 2)}\n`);
    return report.status === 'ok' ? 0 : 1;
  }
  const c = colors(out);
  if (report.status === 'invalid' || report.status === 'failed') {
    err.write(`${await failureText(report, colorEnabled(err))}\n`);
    return 1;
  }
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning');
  if (!opts.quiet && warnings.length > 0) err.write(`${await failureText({ ...report, diagnostics: warnings, status: 'ok' }, colorEnabled(err))}\n`);
  if (!opts.quiet) for (const w of report.warnings) err.write(`${c.yellow('warning')} ${w}\n`);
  if (opts.check) {
    if (report.status === 'stale') {
      for (const s of report.stale) {
        err.write(`${c.red(s.reason.padEnd(7))} ${s.path}\n`);
        if (!opts.quiet && s.diff) err.write(s.diff.endsWith('\n') ? s.diff : `${s.diff}\n`);
      }
      err.write(`${report.stale.length} file(s) out of date: run mcp-gen build\n`);
      return 1;
    }
    if (!opts.quiet) out.write(`${c.green('✔')} generated files are up to date (${report.durationMs} ms)\n`);
    return 0;
  }
  if (!opts.quiet) out.write(`${summaryLine(report, c)}\n`);
  return 0;
}

/**
 * Runs the build command; resolves to the exit code (watch mode resolves only when stopped).
 *
 * @example
 * process.exitCode = await buildCommand({ config: 'mcp.yaml' });
 */
export async function buildCommand(opts: BuildCommandOptions): Promise<number> {
  const buildOptions = {
    config: opts.config,
    ...(opts.out === undefined ? {} : { outDir: opts.out }),
    ...(opts.force ? { force: true } : {}),
  };
  if (!opts.watch) {
    const report = await build({ ...buildOptions, ...(opts.check ? { check: true } : {}) });
    return printReport(report, opts);
  }
  const c = colors(process.stdout);
  const { watchBuild } = await import('./watch.js');
  const watcher = watchBuild(buildOptions, {
    onReport: async (r) => {
      await printReport(r, opts);
    },
  });
  await watcher.ready;
  if (!opts.quiet && !opts.json) process.stdout.write(c.dim(`watching ${opts.config} (Ctrl+C to stop)\n`));
  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void watcher.close().then(resolveStop);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

/**
 * Terminal output of the CLI: colour only on a TTY (and never with NO_COLOR), summaries, and the JSON form
 * of a build report for `--json`.
 */
import pc from 'picocolors';
import type { BuildReport } from '../write/build.js';

export type Colors = ReturnType<typeof pc.createColors>;

/** Whether a stream should get ANSI colours: a TTY, NO_COLOR unset (FORCE_COLOR forces them on). */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** picocolors bound to whether colour is on for stdout. */
export function colors(stream: NodeJS.WriteStream = process.stdout): Colors {
  return pc.createColors(colorEnabled(stream));
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The one-line summary of a build.
 *
 * @example
 * summaryLine(report, c) // '8 written, 0 unchanged, 7 stubs created, 0 orphans in 120 ms'
 */
export function summaryLine(r: BuildReport, c: Colors): string {
  const orphans = r.orphans.length > 0 ? c.yellow(`${plural(r.orphans.length, 'orphan')} (${r.orphans.join(', ')})`) : '0 orphans';
  const stubs = r.stubsCreated.length === 1 ? '1 stub created' : `${r.stubsCreated.length} stubs created`;
  const removed = r.removed.length > 0 ? `, ${r.removed.length} removed` : '';
  const main = `${r.written.length} written, ${r.unchanged.length} unchanged, ${stubs}${removed}, ${orphans}`;
  return `${r.status === 'ok' ? c.green('✔') : c.red('✖')} ${main} in ${r.durationMs} ms${r.upToDate ? c.dim(' (up to date)') : ''}`;
}

/** Errors of a failed build (diagnostics with code frames, or the emitter/write error). */
export async function failureText(r: BuildReport, color: boolean): Promise<string> {
  const parts: string[] = [];
  if (r.diagnostics.length > 0) {
    // The config loader (yaml, Ajv) is loaded only when there is something to report.
    const { formatDiagnostics } = await import('../write/load-config.js');
    parts.push(await formatDiagnostics(r.diagnostics, r.source, color, r.sources));
  }
  if (r.error !== undefined) parts.push(`error: ${r.error}`);
  if (r.status === 'failed' && r.written.length + r.stubsCreated.length > 0) {
    parts.push(`${plural(r.written.length, 'generated file')} and ${plural(r.stubsCreated.length, 'stub')} were written; fix the problem above and build again`);
  } else if (r.status === 'failed') {
    parts.push('nothing was written: the previous output is unchanged');
  }
  if (r.status === 'invalid' && r.error === undefined) parts.push('nothing was written: fix the errors above');
  return parts.join('\n');
}

/** A machine-readable build report (`--json`). */
export function reportJson(r: BuildReport): object {
  return {
    status: r.status,
    upToDate: r.upToDate,
    durationMs: r.durationMs,
    written: r.written,
    unchanged: r.unchanged,
    stubsCreated: r.stubsCreated,
    removed: r.removed,
    orphans: r.orphans,
    warnings: r.warnings,
    stale: r.stale.map((s) => ({ path: s.path, reason: s.reason })),
    diagnostics: r.diagnostics,
    ...(r.error === undefined ? {} : { error: r.error }),
  };
}

/**
 * User text (titles, names from mcp.yaml) as safe terminal output: control characters (ESC sequences could clear
 * the screen or retitle the window), DEL, C1 controls and line separators become U+FFFD.
 *
 * @example
 * printable('T\u001b[2J') // 'T\ufffd[2J'
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '\ufffd');
}

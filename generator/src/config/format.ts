/** Human output for diagnostics: `mcp.yaml:12:7 tools[1].name: message` and a code frame. */
import type { Diagnostic } from '../model/types.js';

export interface FormatOptions {
  /** ANSI colours (red errors, yellow warnings, dim frame). Default false. */
  color?: boolean;
  /** Lines of context above the problem line. Default 2. */
  context?: number;
  /** Texts of other files named by diagnostics (referenced schema files), by `Diagnostic.file`. */
  sources?: ReadonlyMap<string, string>;
}

const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/**
 * A source line as shown in a frame: tabs become spaces and other control characters U+FFFD, one column each,
 * so a hostile file cannot send terminal escape sequences through an error message.
 */
function visible(line: string): string {
  return line.replace(/\t/g, ' ').replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '\ufffd');
}

/** The first line of a diagnostic: `file:line:col path: message`. */
export function diagnosticLine(d: Diagnostic): string {
  const label = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}:${d.col} ${d.path === '' ? '' : `${d.path}: `}${label}${d.message}`;
}

/**
 * Formats diagnostics, each as its line followed by a short code frame with a caret under the column.
 * `source` is the text of the main file; frames of other files need `opts.sources`.
 *
 * @example
 * console.error(formatDiagnostics(result.diagnostics, result.source, { color: process.stderr.isTTY }));
 */
export function formatDiagnostics(diags: readonly Diagnostic[], source: string, opts: FormatOptions = {}): string {
  const color = opts.color === true;
  const paint = (code: string, s: string): string => (color ? `${code}${s}${ANSI.reset}` : s);
  const context = opts.context ?? 2;
  const mainFile = diags[0]?.file;
  const out: string[] = [];
  for (const d of diags) {
    const head = visible(diagnosticLine(d));
    out.push(paint(d.severity === 'error' ? ANSI.red + ANSI.bold : ANSI.yellow + ANSI.bold, head));
    const text = opts.sources?.get(d.file) ?? (d.file === mainFile || !opts.sources ? source : undefined);
    if (text === undefined || text === '') continue;
    const lines = text.split(/\r?\n/);
    if (d.line < 1 || d.line > lines.length) continue;
    const first = Math.max(1, d.line - context);
    const width = String(d.line).length;
    for (let n = first; n <= d.line; n++) {
      const marker = n === d.line ? '>' : ' ';
      out.push(paint(n === d.line ? '' : ANSI.dim, `${marker} ${String(n).padStart(width)} | ${visible(lines[n - 1] ?? '')}`));
    }
    out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, d.col - 1))}${paint(d.severity === 'error' ? ANSI.red : ANSI.yellow, '^')}`);
  }
  return out.join('\n');
}

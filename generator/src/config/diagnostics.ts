/**
 * Building, placing and ordering diagnostics. A diagnostic's place comes from the YAML node of
 * its JSON path; its `path` is shown the way people write it: `tools[1].input.properties.a`.
 */
import type { Diagnostic } from '../model/types.js';
import { locate, nodeStart, positionAt, type PathSegment, type YamlSource } from './yaml-source.js';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats a JSON path for people.
 *
 * @example
 * displayPath(['tools', 1, 'name']); // 'tools[1].name'
 */
export function displayPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  // Hostile nesting must not produce a kilobyte path.
  return out.length > 160 ? `${out.slice(0, 100)}...${out.slice(-50)}` : out;
}

/** Splits an Ajv/JSON Pointer instance path (`/tools/1/name`) into segments (array indexes as numbers). */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '' || pointer === '#') return [];
  const parts = pointer.replace(/^#/, '').split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: PathSegment[] = [];
  let cur: unknown = data;
  for (const p of parts) {
    if (Array.isArray(cur) && /^(0|[1-9][0-9]*)$/.test(p)) {
      out.push(Number(p));
      cur = cur[Number(p)];
    } else {
      out.push(p);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
    }
  }
  return out;
}

/** Where to point for a path: the value, or the key when `at: 'key'`, or the nearest ancestor found. */
export type Anchor = 'value' | 'key';

/** A diagnostics collector bound to one source file. */
export class DiagnosticSink {
  constructor(
    readonly source: YamlSource,
    readonly list: Diagnostic[] = [],
  ) {}

  /** Adds a diagnostic placed at the node of `path`. */
  at(path: readonly PathSegment[], message: string, code: string, opts: { anchor?: Anchor; severity?: 'error' | 'warning'; offset?: number } = {}): void {
    let offset = opts.offset;
    if (offset === undefined) {
      const loc = locate(this.source, path);
      const node = opts.anchor === 'key' ? (loc.key ?? loc.node ?? loc.nearest) : (loc.node ?? loc.nearest);
      offset = nodeStart(node);
    }
    this.atOffset(offset, path, message, code, opts.severity ?? 'error');
  }

  /** Adds a diagnostic at a character offset. */
  atOffset(offset: number, path: readonly PathSegment[], message: string, code: string, severity: 'error' | 'warning' = 'error'): void {
    const { line, col } = positionAt(this.source, offset);
    this.list.push({ file: this.source.file, line, col, path: displayPath(path), message, code, severity });
  }

}

/** Sorts by file (`mainFile` first), position, then errors before warnings; drops exact duplicates. */
export function sortDiagnostics(diags: readonly Diagnostic[], mainFile?: string): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diags.filter((d) => {
    const k = `${d.file}\0${d.line}\0${d.col}\0${d.path}\0${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const rank = (f: string): number => (f === mainFile ? 0 : 1);
  return unique.sort(
    (a, b) =>
      rank(a.file) - rank(b.file) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.col - b.col ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}

/** Collects diagnostics over several files (mcp.yaml and the schema files it references). */
export class DiagnosticCollector {
  private readonly sinks = new Map<YamlSource, DiagnosticSink>();
  readonly list: Diagnostic[] = [];

  sink(source: YamlSource): DiagnosticSink {
    let s = this.sinks.get(source);
    if (!s) {
      s = new DiagnosticSink(source, this.list);
      this.sinks.set(source, s);
    }
    return s;
  }

  /** Reports at a path (or at `offset` when given) of `source`. */
  report = (source: YamlSource, path: readonly PathSegment[], message: string, code: string, severity: 'error' | 'warning' = 'error', offset?: number): void => {
    const opts: { severity: 'error' | 'warning'; offset?: number; anchor?: Anchor } = { severity };
    if (offset !== undefined) opts.offset = offset;
    this.sink(source).at(path, message, code, opts);
  };

  get errorCount(): number {
    return this.list.filter((d) => d.severity === 'error').length;
  }

  /** Text of every file something was reported in, by display name. */
  texts(): Map<string, string> {
    return new Map([...this.sinks.keys()].map((s) => [s.file, s.text]));
  }
}

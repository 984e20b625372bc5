/**
 * Schema files referenced from mcp.yaml (`$ref: ./schemas/address.json`): read once, parsed as
 * YAML (JSON is valid YAML) with positions, and remembered for `--watch`.
 */
import { readFileSync } from 'node:fs';
import { decodeUtf8 } from './encoding.js';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fastData, toData, YamlSource, type PathSegment } from './yaml-source.js';

export interface ExternalDoc {
  absPath: string;
  /** Path shown in messages, relative to the working directory. */
  displayName: string;
  source: YamlSource;
  data: unknown;
}

/** Reports a problem in some source (the referencing file, or the referenced one). */
export type FileReport = (source: YamlSource, path: readonly PathSegment[], message: string, code: string, offset?: number) => void;

/** Loads and caches referenced files; paths resolve relative to the referencing file. */
export class ExternalFiles {
  private readonly docs = new Map<string, ExternalDoc | null>();
  constructor(
    private readonly mainAbsPath: string,
    private readonly report: FileReport,
  ) {}

  /** Absolute paths of every file referenced so far (found or not), in first-use order. */
  get referencedFiles(): string[] {
    return [...this.docs.keys()];
  }

  /** Loads `ref` relative to `from`; reports at `refPath` of `from` when it cannot be read or parsed. */
  load(ref: string, from: YamlSource, refPath: readonly PathSegment[]): ExternalDoc | undefined {
    const fromAbs = from.absPath ?? this.mainAbsPath;
    let decoded = ref;
    try {
      decoded = decodeURIComponent(ref);
    } catch {
      /* keep as written */
    }
    const absPath = isAbsolute(decoded) ? decoded : resolve(dirname(fromAbs), decoded);
    if (this.docs.has(absPath)) {
      const d = this.docs.get(absPath);
      return d ?? undefined;
    }
    const displayName = relative(process.cwd(), absPath) || absPath;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(absPath);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      this.docs.set(absPath, null);
      this.report(from, refPath, code === 'ENOENT' ? `referenced file not found: ${JSON.stringify(ref)}` : `cannot read ${JSON.stringify(ref)}: ${code ?? String(e)}`, 'missing-file');
      return undefined;
    }
    const { text, invalid } = decodeUtf8(bytes);
    const source = new YamlSource(displayName, text);
    source.absPath = absPath;
    if (invalid !== undefined) {
      this.docs.set(absPath, null);
      this.report(source, [], `the file ${invalid.message}`, 'encoding', invalid.offset);
      return undefined;
    }
    // Same fast path as mcp.yaml: positions are only computed if something is reported.
    let data = fastData(text)?.data;
    if (data === undefined) {
      const errors = source.problems.filter((p) => p.severity === 'error');
      if (errors.length > 0) {
        this.docs.set(absPath, null);
        for (const p of errors) this.report(source, [], p.message, 'yaml', p.offset);
        return undefined;
      }
      try {
        data = toData(source);
      } catch (e) {
        this.docs.set(absPath, null);
        this.report(source, [], `cannot convert: ${(e as Error).message}`, 'yaml');
        return undefined;
      }
    }
    const doc: ExternalDoc = { absPath, displayName, source, data };
    this.docs.set(absPath, doc);
    return doc;
  }
}

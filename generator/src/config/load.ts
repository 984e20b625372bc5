/** Reading mcp.yaml: syntax, shape (JSON Schema), then meaning (normalize), all errors at once. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Diagnostic, Model } from '../model/types.js';
import { DiagnosticCollector, sortDiagnostics } from './diagnostics.js';
import { decodeUtf8 } from './encoding.js';
import { ExternalFiles } from './external-files.js';
import { isObject } from './json-schema-walk.js';
import { normalize } from './normalize.js';
import { validateStructure } from './structural.js';
import { fastData, pathAtOffset, toData, YamlSource } from './yaml-source.js';

/** What loading a project gives: the model when there are no errors, and every diagnostic. */
export interface LoadResult {
  model: Model | undefined;
  diagnostics: Diagnostic[];
  /** Text of mcp.yaml (for code frames). */
  source: string;
  /** Text of every file a diagnostic names, by that diagnostic's `file`. */
  sources: Map<string, string>;
  /** Absolute paths of the schema files mcp.yaml references (also when loading failed), for watching. */
  referencedFiles: string[];
}

export interface LoadOptions {
  /** File name shown in diagnostics; default: the path relative to the working directory. */
  displayName?: string;
}

/**
 * Loads, validates and normalizes mcp.yaml text that was already read.
 *
 * @example
 * const { model, diagnostics } = loadProjectText('/app/mcp.yaml', 'mcp: 1\nserver: { name: a, version: "1" }\n');
 */
export function loadProjectText(file: string, text: string, opts: LoadOptions = {}): LoadResult {
  try {
    return loadUnguarded(file, text, opts);
  } catch (e) {
    // A bug or an exhausted stack on hostile input: report it, never throw at the caller.
    const displayName = opts.displayName ?? file;
    const message = `internal error while loading (please report it): ${e instanceof Error ? e.message : String(e)}`;
    return { model: undefined, diagnostics: [{ file: displayName, line: 1, col: 1, path: '', message, code: 'internal', severity: 'error' }], source: text, sources: new Map([[displayName, text]]), referencedFiles: [] };
  }
}

function loadUnguarded(file: string, text: string, opts: LoadOptions): LoadResult {
  const absPath = resolve(file);
  const displayName = opts.displayName ?? (relative(process.cwd(), absPath) || absPath);
  const diags = new DiagnosticCollector();
  const sources = new Map<string, string>([[displayName, text]]);
  const files = new ExternalFiles(absPath, (src, path, message, code, offset) => diags.report(src, path, message, code, 'error', offset));
  const done = (model: Model | undefined): LoadResult => {
    const diagnostics = sortDiagnostics(diags.list, displayName);
    for (const [file, t] of diags.texts()) if (!sources.has(file)) sources.set(file, t);
    return { model: diagnostics.some((d) => d.severity === 'error') ? undefined : model, diagnostics, source: text, sources, referencedFiles: files.referencedFiles };
  };

  const source = new YamlSource(displayName, text);
  source.absPath = absPath;
  const sink = diags.sink(source);
  // Fast path: js-yaml reads valid files ~4x faster than the position-keeping parser, which then
  // only runs when something must be reported. Anything js-yaml refuses takes the full path.
  const fast = fastData(text);
  let data: unknown;
  if (fast) {
    data = fast.data;
  } else {
    const problems = source.problems;
    for (const p of problems) sink.atOffset(p.offset, pathAtOffset(source, p.offset), p.message, 'yaml', p.severity);
    if (problems.some((p) => p.severity === 'error')) return done(undefined);
    try {
      data = toData(source);
    } catch (e) {
      sink.atOffset(0, [], `cannot convert the YAML: ${(e as Error).message}`, 'yaml');
      return done(undefined);
    }
  }
  if (data === null || data === undefined) {
    sink.atOffset(0, [], 'the file is empty; it must start with "mcp: 1" and a server: mapping', 'empty');
    return done(undefined);
  }
  if (!isObject(data)) {
    const found = Array.isArray(data) ? 'a list' : 'a single value';
    const contents = source.doc.contents;
    sink.atOffset(contents?.range?.[0] ?? 0, [], `the top level must be a mapping (mcp: 1, server: ...), found ${found}`, 'schema');
    return done(undefined);
  }
  const structureErrors = diags.list.length;
  const shapeOk = validateStructure(data, sink);
  if (!shapeOk) {
    // Still report cross-element problems (duplicate names, bad references...) in one go, except
    // inside elements whose shape is already wrong: those would only echo the shape errors.
    const broken = brokenElements(diags.list.slice(structureErrors).map((d) => d.path));
    const before = diags.list.length;
    try {
      normalize(data, source, diags, files);
    } catch {
      /* the shape errors already explain the file */
    }
    const extra = diags.list.splice(before).filter((d) => d.file !== displayName || !broken.some((b) => d.path === b || d.path.startsWith(`${b}.`) || d.path.startsWith(`${b}[`)));
    diags.list.push(...extra);
    return done(undefined);
  }

  const model = normalize(data, source, diags, files);
  return done(model);
}

/**
 * Loads mcp.yaml from disk. Never throws for problems in the file: they come back as diagnostics.
 *
 * @example
 * const { model, diagnostics, source } = await loadProject('mcp.yaml');
 * if (!model) console.error(formatDiagnostics(diagnostics, source));
 */
export async function loadProject(file: string, opts: LoadOptions = {}): Promise<LoadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return unreadable(file, e, opts);
  }
  return loadProjectBytes(file, bytes, opts);
}

/** Synchronous {@link loadProject}. */
export function loadProjectSync(file: string, opts: LoadOptions = {}): LoadResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return unreadable(file, e, opts);
  }
  return loadProjectBytes(file, bytes, opts);
}

/** Strict UTF-8: a file with invalid bytes is one error at the first of them (never U+FFFD in generated code). */
function loadProjectBytes(file: string, bytes: Uint8Array, opts: LoadOptions): LoadResult {
  const { text, invalid } = decodeUtf8(bytes);
  if (invalid === undefined) return loadProjectText(file, text, opts);
  const displayName = opts.displayName ?? (relative(process.cwd(), resolve(file)) || resolve(file));
  const diagnostic: Diagnostic = { file: displayName, line: invalid.line, col: invalid.col, path: '', message: `the file ${invalid.message}`, code: 'encoding', severity: 'error' };
  return { model: undefined, diagnostics: [diagnostic], source: text, sources: new Map([[displayName, text]]), referencedFiles: [] };
}

function unreadable(file: string, e: unknown, opts: LoadOptions): LoadResult {
  const code = (e as NodeJS.ErrnoException).code;
  const displayName = opts.displayName ?? file;
  const message = code === 'ENOENT' ? `file not found (create one with "mcp-gen init")` : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read: ${code ?? String(e)}`;
  return {
    model: undefined,
    diagnostics: [{ file: displayName, line: 1, col: 1, path: '', message, code: 'io', severity: 'error' }],
    source: '',
    sources: new Map(),
    referencedFiles: [],
  };
}

/** `tools[1]` for a diagnostic path `tools[1].name`; top-level sections (`settings`, `$defs.x`) as they are. */
function brokenElements(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const m = /^(tools|resources|prompts|completions)\[\d+\]/.exec(p);
    if (m) out.add(m[0]);
    else if (/^(tools|resources|prompts|completions)$/.test(p)) out.add(p);
    else if (p.startsWith('$defs')) out.add(p.split('.').slice(0, 2).join('.').replace(/\.\$ref$/, ''));
  }
  return [...out];
}

/**
 * The build pipeline behind `mcp-gen build`: load mcp.yaml, emit everything in memory, then write only what
 * changed, atomically. An invalid mcp.yaml or a failing emitter writes nothing. When the manifest says the
 * inputs and outputs are exactly what this generator would produce, emitting is skipped altogether.
 * The config loader, the emitters (json-schema-to-typescript, Ajv, Handlebars...) and the differ are imported
 * only past that check, so a no-op rebuild loads none of them.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import type { EmitContext, EmittedFile } from '../emit/shared/context.js';
import { GENERATED_MARKER } from '../emit/shared/header.js';
import { optionsKey } from '../emit/shared/options-key.js';
import { generatorVersion } from '../emit/shared/package-info.js';
import { templatesHash } from '../emit/shared/templates-hash.js';
import type { Diagnostic, Model } from '../model/types.js';
import { createIfMissing, WORK_FILE, writeAllOrNothing, type FileWrite } from './atomic.js';
import { handlerAt, processAlive } from './file-state.js';
import type { StaleFile } from './check.js';
import { handlersWithoutDefaultExport } from './inspect-handlers.js';
import { MANIFEST_NAME, type Manifest, inputHash, readManifest, sha256 } from './manifest.js';
import { findOrphans } from './orphans.js';
import { stampMatches, writeStamp } from './stamp.js';

export interface BuildOptions {
  /** Path of mcp.yaml (absolute, or relative to the current directory). */
  readonly config: string;
  /** Generated folder, relative to the project root (the folder of mcp.yaml) or absolute. Default `src/generated`. */
  readonly outDir?: string;
  /** Write nothing; report stale, missing and extra files with diffs. */
  readonly check?: boolean;
  /** Emit even when the manifest says the output is up to date. */
  readonly force?: boolean;
  /** Use this model instead of loading the config (programmatic use and tests). */
  readonly model?: Model;
}

export interface BuildReport {
  /** `ok`: output is current; `invalid`: mcp.yaml has errors; `failed`: an emitter or write failed; `stale`: --check found differences. */
  readonly status: 'ok' | 'invalid' | 'failed' | 'stale';
  readonly projectRoot: string;
  readonly configFile: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Text of mcp.yaml (for code frames). */
  readonly source: string;
  /** Texts of other files diagnostics name (referenced schema files), for their code frames. */
  readonly sources?: ReadonlyMap<string, string>;
  /** Project-relative paths. */
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly stubsCreated: readonly string[];
  /** Generated files of a previous build that this build no longer produces (deleted; listed in its manifest). */
  readonly removed: readonly string[];
  readonly orphans: readonly string[];
  readonly warnings: readonly string[];
  readonly stale: readonly StaleFile[];
  /** True when the manifest matched and nothing was emitted. */
  readonly upToDate: boolean;
  readonly error?: string;
  readonly durationMs: number;
  /** Absolute paths a watcher should follow: the config and every file it references. */
  readonly watchFiles: readonly string[];
}

const toPosix = (p: string): string => p.split(sep).join('/');

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

interface Layout {
  readonly root: string;
  readonly configFile: string;
  readonly ctx: Omit<EmitContext, 'model'>;
}

function layoutOf(options: BuildOptions): Layout {
  const configFile = resolve(options.config);
  const root = dirname(configFile);
  const out = options.outDir ?? 'src/generated';
  const outDir = toPosix(isAbsolute(out) ? relative(root, out) : posix.normalize(toPosix(out))).replace(/\/$/, '');
  if (outDir === '' || outDir.startsWith('..')) throw new Error(`--out ${out} must be a folder inside the project (${root})`);
  const handlersDir = 'src/handlers';
  // Generated files there would sit among (and could be named like) the user's handlers, which are never overwritten.
  if (outDir === handlersDir || outDir.startsWith(`${handlersDir}/`)) throw new Error(`--out ${out} is inside ${handlersDir}/, where your handlers live; choose another folder (default: src/generated)`);
  return {
    root,
    configFile,
    ctx: { version: generatorVersion(), configName: basename(configFile), outDir, handlersDir, srcDir: 'src' },
  };
}

/** sha256 of each input file, project-relative; undefined when one is unreadable. */
function hashInputs(root: string, files: readonly string[]): Record<string, string> | undefined {
  const inputs: Record<string, string> = {};
  for (const f of files) {
    try {
      inputs[f] = sha256(readFileSync(join(root, f)));
    } catch {
      return undefined;
    }
  }
  return inputs;
}

/** The fast path: true when the manifest proves the output is exactly what a build would write. */
function upToDate(layout: Layout, manifest: Manifest | undefined): boolean {
  if (manifest === undefined || manifest.version !== layout.ctx.version || manifest.templates !== templatesHash()) return false;
  const inputs = hashInputs(layout.root, Object.keys(manifest.inputs));
  if (inputs === undefined || Object.keys(inputs)[0] !== layout.ctx.configName) return false;
  const expected = inputHash({ version: layout.ctx.version, templates: manifest.templates, options: optionsKey(layout.ctx), inputs });
  if (expected !== manifest.inputHash || !stampMatches(layout.root, layout.ctx.outDir, expected)) return false;
  for (const [name, sha] of Object.entries(manifest.files)) {
    const text = readText(join(layout.root, layout.ctx.outDir, name));
    if (text === undefined || sha256(text) !== sha) return false;
  }
  if (!manifest.handlers.every((h) => handlerAt(layout.root, join(layout.root, h)) === 'file')) return false;
  // A generated file the manifest does not list is extra: the full path reports (or removes) it.
  try {
    for (const e of readdirSync(join(layout.root, layout.ctx.outDir), { withFileTypes: true })) {
      if (!e.isFile() || e.name === MANIFEST_NAME || Object.hasOwn(manifest.files, e.name)) continue;
      const work = WORK_FILE.exec(e.name);
      if (work !== null && !processAlive(Number(work[1]))) return false;
      if (readText(join(layout.root, layout.ctx.outDir, e.name))?.startsWith(GENERATED_MARKER)) return false;
    }
  } catch {
    return false;
  }
  return true;
}

function emptyReport(layout: Layout, started: number, patch: Partial<BuildReport>): BuildReport {
  return {
    status: 'ok',
    projectRoot: layout.root,
    configFile: layout.configFile,
    diagnostics: [],
    source: '',
    written: [],
    unchanged: [],
    stubsCreated: [],
    removed: [],
    orphans: [],
    warnings: [],
    stale: [],
    upToDate: false,
    durationMs: Math.round(performance.now() - started),
    watchFiles: [layout.configFile],
    ...patch,
  };
}

/**
 * Files in the output folder that this build does not produce but a generator made: those the previous manifest
 * lists, any file there that opens with the @generated header, and the temp files of a build that was killed.
 * Anything else in the folder is left alone.
 */
function leftovers(layout: Layout, previous: Manifest | undefined, files: readonly EmittedFile[]): string[] {
  const now = new Set(files.map((f) => f.path));
  const candidates = new Set(Object.keys(previous?.files ?? {}).map((name) => posix.join(layout.ctx.outDir, name)));
  try {
    for (const e of readdirSync(join(layout.root, layout.ctx.outDir), { withFileTypes: true })) {
      if (e.isFile()) candidates.add(posix.join(layout.ctx.outDir, e.name));
    }
  } catch {
    // no output folder yet
  }
  return [...candidates]
    .filter((p) => !now.has(p))
    .filter((p) => {
      // Temp and backup files of a build that was killed half-way; those of a build still running are its own.
      const work = WORK_FILE.exec(p);
      if (work !== null) return !processAlive(Number(work[1]));
      return readText(join(layout.root, p))?.startsWith(GENERATED_MARKER) === true;
    })
    .sort();
}

async function defaultExportWarnings(root: string, handlerFiles: readonly string[]): Promise<string[]> {
  return (await handlersWithoutDefaultExport(root, handlerFiles)).map((f) => `${f} has no default export: registry.gen.ts imports its default export`);
}

/**
 * Runs one build (or check).
 *
 * @example
 * const report = await build({ config: 'mcp.yaml' });
 * if (report.status !== 'ok') process.exitCode = 1;
 */
export async function build(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const layout = layoutOf(options);
  const manifestFile = join(layout.root, layout.ctx.outDir, MANIFEST_NAME);
  const previous = readManifest(manifestFile);
  const handlersDir = layout.ctx.handlersDir;

  if (!options.force && options.model === undefined && upToDate(layout, previous) && previous) {
    const expected = new Set(previous.handlers);
    return emptyReport(layout, started, {
      upToDate: true,
      unchanged: [...Object.keys(previous.files), MANIFEST_NAME].map((n) => posix.join(layout.ctx.outDir, n)),
      orphans: findOrphans(layout.root, handlersDir, expected),
      warnings: await defaultExportWarnings(layout.root, previous.handlers.filter((h) => h.startsWith(`${handlersDir}/`))),
      watchFiles: Object.keys(previous.inputs).map((f) => join(layout.root, f)),
    });
  }

  let model = options.model;
  let diagnostics: readonly Diagnostic[] = [];
  let source = readText(layout.configFile) ?? '';
  let sources: ReadonlyMap<string, string> | undefined;
  if (model === undefined) {
    if (!existsSync(layout.configFile)) {
      return emptyReport(layout, started, { status: 'invalid', error: `${layout.configFile} not found (run mcp-gen init, or pass --config <file>)` });
    }
    try {
      const { loadConfig } = await import('./load-config.js');
      const loaded = await loadConfig(layout.configFile);
      model = loaded.model;
      diagnostics = loaded.diagnostics;
      source = loaded.source;
      sources = loaded.sources;
    } catch (error) {
      return emptyReport(layout, started, { status: 'invalid', error: `cannot load ${layout.configFile}: ${(error as Error).message}` });
    }
    if (model === undefined) return emptyReport(layout, started, { status: 'invalid', diagnostics, source, ...(sources ? { sources } : {}) });
  }

  const referenced = model.referencedFiles.map((f) => toPosix(relative(layout.root, f)));
  const inputs = hashInputs(layout.root, [layout.ctx.configName, ...referenced.filter((f) => f !== layout.ctx.configName)]) ?? {
    [layout.ctx.configName]: sha256(source || JSON.stringify(model)),
  };
  const watchFiles = [layout.configFile, ...model.referencedFiles];

  let files: EmittedFile[];
  const { EmitCache, emitProject } = await import('../emit/index.js');
  const { unifiedDiff } = await import('./check.js');
  const cache = EmitCache.forProject(layout.root);
  try {
    files = await emitProject({ ...layout.ctx, model }, inputs, cache);
  } catch (error) {
    return emptyReport(layout, started, { status: 'failed', diagnostics, source, error: (error as Error).message, watchFiles });
  }

  const written: string[] = [];
  const unchanged: string[] = [];
  const stubsToCreate: EmittedFile[] = [];
  const writes: FileWrite[] = [];
  const stale: StaleFile[] = [];
  const handlerProblems: string[] = [];
  for (const f of files) {
    const abs = join(layout.root, f.path);
    if (f.owner === 'stub') {
      const at = handlerAt(layout.root, abs);
      if (at !== 'missing' && at !== 'file') {
        handlerProblems.push(`${f.path} ${at} (mcp-gen never deletes your files)`);
        continue;
      }
      if (at === 'missing') {
        stubsToCreate.push(f);
        stale.push({ path: f.path, reason: 'missing', diff: options.check ? unifiedDiff(f.path, undefined, f.content) : '' });
      }
      continue;
    }
    const current = readText(abs);
    if (current === f.content) {
      unchanged.push(f.path);
    } else {
      written.push(f.path);
      writes.push({ file: abs, content: f.content });
      // Diffs only matter to --check; computing them for 1,000-tool files costs real time.
      stale.push({ path: f.path, reason: current === undefined ? 'missing' : 'changed', diff: options.check ? unifiedDiff(f.path, current, f.content) : '' });
    }
  }
  if (handlerProblems.length > 0) {
    return emptyReport(layout, started, { status: 'failed', diagnostics, source, error: handlerProblems.join('\n'), watchFiles });
  }
  const removed = leftovers(layout, previous, files);
  for (const r of removed) stale.push({ path: r, reason: 'extra', diff: options.check ? unifiedDiff(r, readText(join(layout.root, r)), undefined) : '' });

  const expectedHandlers = new Set(files.filter((f) => f.owner === 'stub').map((f) => f.path));
  const orphans = findOrphans(layout.root, handlersDir, expectedHandlers);
  const handlerFiles = files.filter((f) => f.owner === 'stub' && f.path.startsWith(`${handlersDir}/`)).map((f) => f.path);
  const base = { diagnostics, source, unchanged, orphans, watchFiles };

  if (options.check) {
    const warnings = await defaultExportWarnings(layout.root, handlerFiles);
    return emptyReport(layout, started, { ...base, warnings, status: stale.length > 0 ? 'stale' : 'ok', stale });
  }

  const stubsCreated: string[] = [];
  let generatedWritten = false;
  try {
    writeAllOrNothing(writes);
    generatedWritten = true;
    for (const s of stubsToCreate) {
      try {
        if (createIfMissing(join(layout.root, s.path), s.content)) stubsCreated.push(s.path);
      } catch (error) {
        throw new Error(`cannot create the stub ${s.path}: ${(error as Error).message}`, { cause: error });
      }
    }
    for (const r of removed) rmSync(join(layout.root, r), { force: true });
    cache.save();
    const built = readManifest(manifestFile);
    if (built) writeStamp(layout.root, layout.ctx.outDir, built.inputHash);
  } catch (error) {
    // Past the atomic write the generated files are in place: say so rather than "nothing was written".
    const done = generatedWritten ? { written, stubsCreated } : {};
    return emptyReport(layout, started, { ...base, ...done, status: 'failed', error: (error as Error).message });
  }
  const warnings = await defaultExportWarnings(layout.root, handlerFiles);
  return emptyReport(layout, started, { ...base, written, stubsCreated, removed, warnings });
}

/**
 * A content-addressed cache of expensive emitter results (json-schema-to-typescript per schema, Ajv per chunk
 * of schemas), kept in `node_modules/.cache/mcp-gen/emit-cache-<project id>.json` (nearest node_modules). Keys are sha256 of
 * everything that determines the result (including the generator's own code), so a hit is always correct;
 * each save keeps only the entries the last build used, so the file never grows without bound.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generatorFingerprint } from './package-info.js';

const FORMAT = 1;

/**
 * `<nearest node_modules>/.cache/mcp-gen` from the project folder upwards (workspaces hoist node_modules to the
 * root), or undefined when there is none: mcp-gen never creates node_modules.
 */
export function cacheDir(projectRoot: string): string | undefined {
  let dir = resolve(projectRoot);
  for (let depth = 0; depth < 64; depth++) {
    const modules = join(dir, 'node_modules');
    if (existsSync(modules)) return join(modules, '.cache', 'mcp-gen');
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** A short stable id of a path, for per-project file names in a shared cache folder. */
export function pathId(path: string): string {
  return createHash('sha256').update(resolve(path)).digest('hex').slice(0, 32);
}

export class EmitCache {
  private readonly used = new Map<string, string>();
  private changed = false;

  private constructor(
    private readonly entries: ReadonlyMap<string, string>,
    private readonly file: string | undefined,
  ) {}

  /** An empty cache that is never saved (tests, projects without node_modules). */
  static memory(): EmitCache {
    return new EmitCache(new Map(), undefined);
  }

  /**
   * The cache of a project: only when a node_modules folder exists at or above it (a build never creates one).
   *
   * @example
   * const cache = EmitCache.forProject('/p');
   */
  static forProject(projectRoot: string): EmitCache {
    const dir = cacheDir(projectRoot);
    if (dir === undefined) return EmitCache.memory();
    const file = join(dir, `emit-cache-${pathId(projectRoot)}.json`);
    let entries = new Map<string, string>();
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; entries?: Record<string, unknown> };
      if (data.format === FORMAT && data.entries && typeof data.entries === 'object') {
        entries = new Map(Object.entries(data.entries).filter((e): e is [string, string] => typeof e[1] === 'string'));
      }
    } catch {
      // missing or unreadable: start empty
    }
    return new EmitCache(entries, file);
  }

  /** Cache key of a kind of result and its inputs. */
  static key(kind: string, ...parts: readonly string[]): string {
    const hash = createHash('sha256').update(`${kind}\0${generatorFingerprint()}\0`);
    for (const p of parts) hash.update(p).update('\0');
    return `${kind}:${hash.digest('hex')}`;
  }

  /** False for a memory-only cache: callers may then skip computing keys at all. */
  get persistent(): boolean {
    return this.file !== undefined;
  }

  get(key: string): string | undefined {
    const value = this.used.get(key) ?? this.entries.get(key);
    if (value !== undefined) this.used.set(key, value);
    return value;
  }

  set(key: string, value: string): void {
    this.used.set(key, value);
    this.changed = true;
  }

  /** Writes the entries this build used (atomically); a failure only costs speed, never the build. */
  save(): void {
    if (this.file === undefined) return;
    if (!this.changed && this.used.size === this.entries.size) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(temp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(this.used) }));
      renameSync(temp, this.file);
    } catch {
      // read-only node_modules and the like: the next build is simply cold
    }
  }
}

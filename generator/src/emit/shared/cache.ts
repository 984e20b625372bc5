/**
 * A content-addressed cache of expensive emitter results (json-schema-to-typescript per schema, Ajv per chunk
 * of schemas), kept in `node_modules/.cache/mcp-gen/emit-cache.json` of the project. Keys are sha256 of
 * everything that determines the result (including the generator's own code), so a hit is always correct;
 * each save keeps only the entries the last build used, so the file never grows without bound.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatorFingerprint } from './package-info.js';

const FORMAT = 1;

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
   * The cache of a project: only when `<root>/node_modules` exists (a build never creates node_modules).
   *
   * @example
   * const cache = EmitCache.forProject('/p');
   */
  static forProject(projectRoot: string): EmitCache {
    const modules = join(projectRoot, 'node_modules');
    if (!existsSync(modules)) return EmitCache.memory();
    const file = join(modules, '.cache', 'mcp-gen', 'emit-cache.json');
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

/**
 * Makes each element schema self-contained: resolves its `$ref`s, copies the top-level `$defs`
 * it needs (transitively) into its own `$defs`, and embeds referenced files (`./x.json`,
 * `./x.yaml#/definitions/y`) under `$defs` with their refs rewritten to point there.
 * Anything unresolved is reported at the `$ref`.
 */
import { basename, extname } from 'node:path';
import {
  encodeSegment,
  isObject,
  jsonEqual,
  pointerSegments,
  resolvePointer,
  setOwn,
  walkSchema,
  type JsonObject,
} from './json-schema-walk.js';
import type { ExternalDoc, ExternalFiles } from './external-files.js';
import { closest } from './suggest.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

/** Reports a problem at a path of a source. */
export type Report = (source: YamlSource, path: readonly PathSegment[], message: string, code: string) => void;

/** Where a schema lives: its source and a mapping from paths inside the schema to paths in that source. */
export interface SchemaOrigin {
  source: YamlSource;
  at: (inner: readonly PathSegment[]) => PathSegment[];
}

export interface BundleContext {
  main: YamlSource;
  topDefs: JsonObject;
  files: ExternalFiles;
  report: Report;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function splitRef(ref: string): { file: string; fragment: string } {
  const hash = ref.indexOf('#');
  return hash < 0 ? { file: ref, fragment: '' } : { file: ref.slice(0, hash), fragment: ref.slice(hash + 1) };
}

/**
 * Returns a self-contained copy of `schema` (the input is not modified).
 *
 * @example
 * const input = bundleSchema(tool.input, { source, at: (p) => ['tools', 0, 'input', ...p] }, ctx);
 */
export function bundleSchema(schema: unknown, origin: SchemaOrigin, ctx: BundleContext): unknown {
  if (!isObject(schema)) return schema;
  const out = structuredClone(schema);
  const ownDefs = isObject(out['$defs']) ? { ...out['$defs'] } : {};
  const added: JsonObject = {};
  const copiedTop = new Set<string>();
  const externalKeys = new Map<string, string>();
  const taken = new Set<string>([...Object.keys(ownDefs), ...Object.keys(ctx.topDefs)]);
  const seen = new WeakSet<object>();

  const needTop = (name: string, refOrigin: SchemaOrigin, refPath: readonly PathSegment[]): void => {
    if (copiedTop.has(name)) return;
    copiedTop.add(name);
    const def = ctx.topDefs[name];
    if (Object.prototype.hasOwnProperty.call(ownDefs, name)) {
      // The element's own definition shadows the shared one; fine only when they are the same.
      if (!jsonEqual(ownDefs[name], def)) {
        ctx.report(refOrigin.source, refOrigin.at([...refPath, '$ref']), `$defs "${name}" of this schema shadows the top-level $defs "${name}" that a copied definition needs; rename one of them`, 'bad-ref');
      }
      return;
    }
    const copy = structuredClone(def);
    setOwn(added, name, copy);
    const defOrigin: SchemaOrigin = { source: ctx.main, at: (p) => ['$defs', name, ...p] };
    walkSchema(copy, [], (s, p) => visitRef(s, p, defOrigin, { kind: 'top' }), seen);
  };

  const embed = (doc: ExternalDoc): string => {
    const existing = externalKeys.get(doc.absPath);
    if (existing !== undefined) return existing;
    const stem = basename(doc.absPath, extname(doc.absPath)).replace(/[^A-Za-z0-9_.-]/g, '_') || 'external';
    let key = stem;
    for (let n = 2; taken.has(key); n++) key = `${stem}_${n}`;
    taken.add(key);
    externalKeys.set(doc.absPath, key);
    const copy = structuredClone(doc.data);
    if (isObject(copy)) {
      delete copy['$schema'];
      delete copy['$id'];
    }
    setOwn(added, key, copy);
    const extOrigin: SchemaOrigin = { source: doc.source, at: (p) => [...p] };
    walkSchema(copy, [], (s, p) => visitRef(s, p, extOrigin, { kind: 'external', key, doc }), seen);
    return key;
  };

  type Scope = { kind: 'element' } | { kind: 'top' } | { kind: 'external'; key: string; doc: ExternalDoc };

  /** Visits the schema a fragment points at inside an embedded document (it may hold refs of its own). */
  const visitFragmentTarget = (key: string, segs: string[], doc: ExternalDoc): void => {
    const target = resolvePointer(added[key], segs).value;
    const extOrigin: SchemaOrigin = { source: doc.source, at: (p) => [...segs, ...p] };
    walkSchema(target, [], (s, p) => visitRef(s, p, extOrigin, { kind: 'external', key, doc }), seen);
  };

  function visitRef(s: JsonObject, path: PathSegment[], o: SchemaOrigin, scope: Scope): void {
    const ref = s['$ref'];
    if (ref === undefined) return;
    const where = [...path, '$ref'];
    if (typeof ref !== 'string') {
      ctx.report(o.source, o.at(where), '$ref must be a string', 'bad-ref');
      return;
    }
    const { file, fragment } = splitRef(ref);
    const segs = pointerSegments(fragment);
    if (segs === undefined) {
      ctx.report(o.source, o.at(where), `unsupported $ref ${JSON.stringify(ref)}: use a JSON Pointer fragment like "#/$defs/name"`, 'bad-ref');
      return;
    }
    if (file === '') {
      if (scope.kind === 'external') {
        if (!resolvePointer(scope.doc.data, segs).found) {
          ctx.report(o.source, o.at(where), `unresolved $ref ${JSON.stringify(ref)} in ${scope.doc.displayName}`, 'bad-ref');
          return;
        }
        s['$ref'] = `#/$defs/${encodeSegment(scope.key)}${fragment}`;
        if (segs.length > 0) visitFragmentTarget(scope.key, segs, scope.doc);
        return;
      }
      if (scope.kind === 'element' && resolvePointer(schema, segs).found) return;
      if (segs[0] === '$defs' && segs[1] !== undefined && Object.prototype.hasOwnProperty.call(ctx.topDefs, segs[1])) {
        if (!resolvePointer(ctx.topDefs, segs.slice(1)).found) {
          ctx.report(o.source, o.at(where), `unresolved $ref ${JSON.stringify(ref)}: $defs "${segs[1]}" has no ${JSON.stringify('/' + segs.slice(2).join('/'))}`, 'bad-ref');
          return;
        }
        needTop(segs[1], o, path);
        return;
      }
      let hint = segs[0] === 'definitions' ? ': shared schemas go under the top-level $defs' : '';
      if (segs[0] === '$defs' && segs[1] !== undefined) {
        const guess = closest(segs[1], Object.keys(ctx.topDefs));
        hint = `: no $defs named ${JSON.stringify(segs[1])}${guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}`;
      }
      ctx.report(o.source, o.at(where), `unresolved $ref ${JSON.stringify(ref)}${hint}`, 'bad-ref');
      return;
    }
    if (SCHEME.test(file) || file.startsWith('//')) {
      ctx.report(o.source, o.at(where), `remote $ref ${JSON.stringify(ref)} is not supported: use "#/$defs/..." or a relative file like "./schemas/x.json"`, 'bad-ref');
      return;
    }
    const doc = ctx.files.load(file, o.source, o.at(where));
    if (!doc) return; // reported by the loader
    if (!resolvePointer(doc.data, segs).found) {
      ctx.report(o.source, o.at(where), `unresolved $ref ${JSON.stringify(ref)}: ${doc.displayName} has no ${JSON.stringify(fragment)}`, 'bad-ref');
      return;
    }
    const key = embed(doc);
    if (segs.length > 0) visitFragmentTarget(key, segs, doc);
    s['$ref'] = `#/$defs/${encodeSegment(key)}${fragment}`;
  }

  // Definitions added by this bundle are not in `out` yet: they are visited when added.
  walkSchema(out, [], (s, p) => visitRef(s, p, origin, { kind: 'element' }), seen);

  if (Object.keys(added).length > 0) {
    out['$defs'] = { ...ownDefs, ...added };
  }
  return out;
}

/**
 * mcp.yaml as text plus its YAML node tree: parsing with positions, and finding the node that
 * belongs to a JSON path so every diagnostic can name its line and column.
 */
import {
  LineCounter,
  parseDocument,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Pair,
  visit,
} from 'yaml';
import { CORE_SCHEMA, load as jsYamlLoad, mergeTag } from 'js-yaml';

/** 1-based line and column. */
export interface Position {
  line: number;
  col: number;
}

/**
 * A YAML (or JSON) file with what is needed to point into it. The node tree is built on first
 * use: the fast path reads data with js-yaml and only needs positions when something is reported.
 */
export class YamlSource {
  /** Absolute path of the file, when it is one. */
  absPath?: string;
  private parsed: { doc: Document.Parsed; lineCounter: LineCounter; problems: YamlProblem[] } | undefined;

  constructor(
    /** Name shown in messages (`mcp.yaml`). */
    readonly file: string,
    readonly text: string,
  ) {}

  private parse(): { doc: Document.Parsed; lineCounter: LineCounter; problems: YamlProblem[] } {
    if (this.parsed) return this.parsed;
    const lineCounter = new LineCounter();
    const doc = parseDocument(this.text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true, keepSourceTokens: false });
    const problems: YamlProblem[] = [];
    for (const e of doc.errors) problems.push({ offset: e.pos[0], message: yamlMessage(e.code, e.message), severity: 'error' });
    for (const w of doc.warnings) problems.push({ offset: w.pos[0], message: yamlMessage(w.code, w.message), severity: 'warning' });
    // `? [a, b]`: a list or mapping as a key has no JSON form (yaml would stringify it with a process warning).
    visit(doc, {
      Pair(_, pair) {
        if (isCollection(pair.key)) {
          problems.push({ offset: pair.key.range?.[0] ?? 0, message: 'a mapping key must be a plain value such as a name, not a list or mapping', severity: 'error' });
        }
      },
    });
    this.parsed = { doc, lineCounter, problems };
    return this.parsed;
  }

  get doc(): Document.Parsed {
    return this.parse().doc;
  }

  get lineCounter(): LineCounter {
    return this.parse().lineCounter;
  }

  /** Syntax errors and warnings of the full parse. */
  get problems(): YamlProblem[] {
    return this.parse().problems;
  }
}

/** A syntax problem found while parsing. */
export interface YamlProblem {
  offset: number;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * Reads data fast with js-yaml (YAML 1.2 core schema plus `<<` merge keys, duplicate keys are
 * errors). Returns undefined when js-yaml refuses the text or it uses aliases: the caller then
 * takes the full path, whose parser explains the problem with a position and caps aliases.
 */
export function fastData(text: string): { data: unknown } | undefined {
  try {
    return { data: jsYamlLoad(text, { schema: FAST_SCHEMA, json: false, maxAliases: 0, maxDepth: 200 }) };
  } catch {
    return undefined;
  }
}

const FAST_SCHEMA = CORE_SCHEMA.withTags(mergeTag);

/** yaml's messages end with a source excerpt when pretty; ours never are, but keep the first line only. */
function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0] ?? message;
  const trimmed = first.replace(/ at line \d+, column \d+:?$/, '').trim();
  if (code === 'DUPLICATE_KEY') return `duplicate key: ${trimmed.replace(/^Map keys must be unique:?\s*/, '') || 'map keys must be unique'}`.replace(/: $/, '');
  if (code === 'TAB_AS_INDENT') return 'tabs are not allowed for indentation; use spaces';
  if (/call stack/i.test(message)) return 'nesting is too deep';
  if (code === 'MULTIPLE_DOCS') return 'mcp.yaml holds one YAML document; remove the "---" separator and what follows';
  return `YAML syntax: ${trimmed.charAt(0).toLowerCase()}${trimmed.slice(1)}`;
}

/** Line and column of a character offset. */
export function positionAt(source: YamlSource, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, source.text.length));
  const p = source.lineCounter.linePos(clamped);
  return { line: p.line, col: p.col };
}

/** A step in a JSON path: a property name or an array index. */
export type PathSegment = string | number;

/** Where a path ends up in the YAML tree. */
export interface NodeLocation {
  /** The node holding the value, if the whole path was found. */
  node: Node | undefined;
  /** The key scalar of the last step when it was a mapping key. */
  key: Node | undefined;
  /** Segments actually found (a prefix of the asked path). */
  depth: number;
  /** The deepest node found on the way (at least the document root). */
  nearest: Node | undefined;
}

function resolveAlias(source: YamlSource, node: unknown): unknown {
  let n = node;
  for (let i = 0; i < 32 && isAlias(n); i++) n = n.resolve(source.doc);
  return n;
}

function findPair(source: YamlSource, map: unknown, key: string): Pair<unknown, unknown> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    const k = resolveAlias(source, item.key);
    const kv = isScalar(k) ? k.value : k;
    if (kv !== null && kv !== undefined && String(kv) === key) return item;
  }
  // `<<` merge keys: look into the merged mappings (last resort, positions point at the source of the value).
  for (const item of map.items) {
    const k = isScalar(item.key) ? item.key.value : undefined;
    if (k !== '<<') continue;
    const v = resolveAlias(source, item.value);
    const sources = isSeq(v) ? v.items.map((i) => resolveAlias(source, i)) : [v];
    for (const s of sources) {
      const found = findPair(source, s, key);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Walks the YAML tree along `path` (`['tools', 1, 'name']`).
 *
 * @example
 * const loc = locate(source, ['tools', 0, 'name']);
 */
export function locate(source: YamlSource, path: readonly PathSegment[]): NodeLocation {
  let current: unknown = source.doc.contents;
  let key: Node | undefined;
  let nearest = isNodeLike(current) ? current : undefined;
  let depth = 0;
  for (const seg of path) {
    current = resolveAlias(source, current);
    key = undefined;
    if (isMap(current)) {
      const pair = findPair(source, current, String(seg));
      if (!pair) break;
      key = isNodeLike(pair.key) ? pair.key : undefined;
      current = pair.value;
      if (isNodeLike(current)) nearest = current;
      else if (key) nearest = key;
    } else if (isSeq(current) && typeof seg === 'number') {
      const item = current.items[seg];
      if (item === undefined) break;
      current = item;
      if (isNodeLike(current)) nearest = current;
    } else {
      break;
    }
    depth++;
  }
  const found = depth === path.length;
  return { node: found && isNodeLike(current) ? current : undefined, key: found ? key : undefined, depth, nearest };
}

function isNodeLike(v: unknown): v is Node {
  return isScalar(v) || isMap(v) || isSeq(v) || isAlias(v);
}

/** Start offset of a node (0 when unknown). */
export function nodeStart(node: Node | undefined): number {
  return node?.range?.[0] ?? 0;
}

/**
 * Offset of character `index` inside a single-line plain or quoted string scalar, or the scalar
 * start when the text cannot be mapped one to one (escapes, folding).
 */
export function offsetInScalar(source: YamlSource, node: Node | undefined, index: number): number {
  if (!node || !isScalar(node) || typeof node.value !== 'string' || !node.range) return nodeStart(node);
  const [start, end] = node.range;
  const raw = source.text.slice(start, end);
  const quoted = raw.startsWith('"') || raw.startsWith("'");
  const body = quoted ? raw.slice(1, -1) : raw;
  if (body !== node.value) return start;
  return start + (quoted ? 1 : 0) + index;
}

/** The JSON path of the innermost node that contains `offset` (for syntax errors). */
export function pathAtOffset(source: YamlSource, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let current: unknown = source.doc.contents;
  for (let guard = 0; guard < 256; guard++) {
    if (isMap(current)) {
      const pair = current.items.find((p) => {
        const s = isNodeLike(p.key) ? p.key.range?.[0] : undefined;
        const v = isNodeLike(p.value) ? p.value.range : undefined;
        const e = v ? v[2] : isNodeLike(p.key) ? p.key.range?.[2] : undefined;
        return s !== undefined && e !== undefined && offset >= s && offset < e;
      });
      if (!pair) break;
      const k = isScalar(pair.key) ? pair.key.value : undefined;
      if (k === undefined || k === null) break;
      path.push(String(k));
      current = pair.value;
    } else if (isSeq(current)) {
      const idx = current.items.findIndex((it) => {
        const r = isNodeLike(it) ? it.range : undefined;
        return r !== undefined && r !== null && offset >= r[0] && offset < r[2];
      });
      if (idx < 0) break;
      path.push(idx);
      current = current.items[idx];
    } else {
      break;
    }
  }
  return path;
}

/** Converts the document to plain data (aliases expanded, at most 1,000 alias expansions). */
export function toData(source: YamlSource): unknown {
  return source.doc.toJS({ maxAliasCount: 1000 });
}

/**
 * Turns Ajv errors (draft-07 validation of mcp.yaml, or meta-schema validation of an element
 * schema) into human messages placed on the right YAML node.
 */
import type { ErrorObject } from 'ajv';
import { closest } from './suggest.js';
import { pointerToPath } from './diagnostics.js';
import type { Anchor } from './diagnostics.js';
import type { PathSegment } from './yaml-source.js';

/** A phrased error: where (relative JSON path), what, and whether to point at the key. */
export interface PhrasedError {
  path: PathSegment[];
  message: string;
  anchor: Anchor;
}

type SchemaLike = Record<string, unknown>;

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

/** Describes a value the way YAML shows it: `a number (0.1)`, `a list`, `an empty value`. */
export function describeValue(v: unknown, raw?: string): string {
  if (v === null || v === undefined) return 'an empty value';
  if ((typeof v === 'number' || typeof v === 'boolean') && raw !== undefined && raw !== '' && !/[\n{[]/.test(raw)) {
    return `${typeof v === 'boolean' ? 'a boolean' : 'a number'} (${raw})`;
  }
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)})`;
    case 'number':
      return `${Number.isInteger(v) ? 'an integer' : 'a number'} (${v})`;
    case 'boolean':
      return `a boolean (${v})`;
    case 'object':
      return 'a mapping';
    default:
      return typeof v;
  }
}

function typeWords(t: unknown): string {
  const list = Array.isArray(t) ? t.map(String) : [String(t)];
  return list.map((x) => TYPE_WORDS[x] ?? x).join(' or ');
}

function schemaOf(e: ErrorObject): SchemaLike {
  const ps = e.parentSchema;
  return ps && typeof ps === 'object' ? (ps as SchemaLike) : {};
}

/** Options: the scalar's source text lets us suggest quoting numbers meant as strings. */
export interface PhraseContext {
  data: unknown;
  /** Raw YAML text of the value at a path, if any (for quoting hints). */
  rawText?: (path: readonly PathSegment[]) => string | undefined;
}

/**
 * Phrases Ajv errors; returns them in Ajv's order with noise (`anyOf`, `if`, wrappers) removed.
 *
 * @example
 * phraseAjvErrors(validate.errors ?? [], { data });
 */
export function phraseAjvErrors(errors: readonly ErrorObject[], ctx: PhraseContext): PhrasedError[] {
  const out: PhrasedError[] = [];
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  const doneAnyOf = new Set<string>();
  for (const e of errors) {
    const base = pointerToPath(e.instancePath, ctx.data);
    const propertyName = (e as { propertyName?: string }).propertyName;
    if (e.keyword === 'propertyNames' || e.keyword === 'if') continue;
    if (anyOfPaths.has(e.instancePath) && propertyName === undefined) {
      // Alternatives failed (e.g. `type: strin` against the meta-schema): one message for the place.
      if (doneAnyOf.has(e.instancePath)) continue;
      doneAnyOf.add(e.instancePath);
      const group = errors.filter((x) => x.instancePath === e.instancePath && x.keyword !== 'anyOf' && x.keyword !== 'oneOf');
      const isTypeKeyword = base[base.length - 1] === 'type';
      if (isTypeKeyword) {
        const types = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];
        const written = resolveData(ctx.data, base);
        const guess = typeof written === 'string' ? closest(written, types) : undefined;
        const hint = guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : '';
        out.push({ path: base, anchor: 'value', message: `must be one of: ${types.join(', ')} (or a list of them)${hint}` });
      } else {
        const first = group[0] ?? e;
        out.push(phraseOne(first, base, ctx));
      }
      continue;
    }
    if (propertyName !== undefined) {
      const inner = phraseOne(e, base, ctx);
      out.push({ path: [...base, propertyName], anchor: 'key', message: `key ${JSON.stringify(propertyName)} ${inner.message}` });
      continue;
    }
    out.push(phraseOne(e, base, ctx));
  }
  return out;
}

function phraseOne(e: ErrorObject, base: PathSegment[], ctx: PhraseContext): PhrasedError {
  const schema = schemaOf(e);
  const custom = typeof schema['errorMessage'] === 'string' ? (schema['errorMessage'] as string) : undefined;
  const p = e.params as Record<string, unknown>;
  const value = e.data;
  switch (e.keyword) {
    case 'required': {
      const missing = String(p['missingProperty']);
      const hints = schema['requiredErrorMessage'];
      const hint = hints !== null && typeof hints === 'object' ? (hints as Record<string, unknown>)[missing] : undefined;
      return { path: base, anchor: 'value', message: typeof hint === 'string' ? hint : `missing required key ${JSON.stringify(missing)}` };
    }
    case 'additionalProperties': {
      const extra = String(p['additionalProperty']);
      const props = schema['properties'] && typeof schema['properties'] === 'object' ? Object.keys(schema['properties'] as object) : [];
      const allowed = props.filter((k) => !isForbidden((schema['properties'] as SchemaLike)[k]));
      const guess = closest(extra, allowed);
      const hint = guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : allowed.length > 0 && allowed.length <= 12 ? ` (allowed: ${allowed.join(', ')})` : '';
      return { path: [...base, extra], anchor: 'key', message: `unknown key ${JSON.stringify(extra)}${hint}` };
    }
    case 'type': {
      const raw = typeof value === 'number' || typeof value === 'boolean' ? ctx.rawText?.(base) : undefined;
      let msg = `must be ${typeWords(p['type'])}, found ${describeValue(value, raw)}`;
      const wantsString = String(p['type']) === 'string' || (Array.isArray(p['type']) && p['type'].includes('string'));
      if (wantsString && (typeof value === 'number' || typeof value === 'boolean')) {
        msg += `; quote it: "${(raw ?? String(value)).replace(/"/g, '\\"')}"`;
      }
      return { path: base, anchor: 'value', message: custom ?? msg };
    }
    case 'enum': {
      const allowed = (p['allowedValues'] as unknown[]).map((v) => String(v));
      const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
      const hint = guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : '';
      return { path: base, anchor: 'value', message: custom ?? `must be one of: ${allowed.join(', ')}${hint}` };
    }
    case 'const': {
      const quoted = typeof value === 'string' && typeof p['allowedValue'] !== 'string' && value.trim() === String(p['allowedValue']);
      const msg = custom ?? `must be ${JSON.stringify(p['allowedValue'])}`;
      return { path: base, anchor: 'value', message: quoted ? `${msg}; found the string ${JSON.stringify(value)}, remove the quotes` : msg };
    }
    case 'pattern': {
      const pm = typeof schema['patternErrorMessage'] === 'string' ? (schema['patternErrorMessage'] as string) : undefined;
      return { path: base, anchor: 'value', message: pm ?? custom ?? `must match ${String(p['pattern'])}` };
    }
    case 'format':
      return { path: base, anchor: 'value', message: custom ?? `must be a valid ${String(p['format'])}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path: base, anchor: 'value', message: custom ?? `must be ${String(p['comparison'])} ${String(p['limit'])}` };
    case 'minLength':
      return { path: base, anchor: 'value', message: custom ?? (p['limit'] === 1 ? 'must not be empty' : `must be at least ${String(p['limit'])} characters long`) };
    case 'maxLength':
      return { path: base, anchor: 'value', message: custom ?? `must be at most ${String(p['limit'])} characters long` };
    case 'minItems':
      return { path: base, anchor: 'value', message: custom ?? (p['limit'] === 1 ? 'must not be empty' : `must have at least ${String(p['limit'])} items`) };
    case 'maxItems':
      return { path: base, anchor: 'value', message: custom ?? `must have at most ${String(p['limit'])} items` };
    case 'uniqueItems': {
      const [first, later] = [Number(p['i']), Number(p['j'])].sort((a, b) => a - b);
      return { path: [...base, later ?? 0], anchor: 'value', message: custom ?? `duplicate item (same as item ${first ?? 0})` };
    }
    case 'not':
    case 'false schema':
      return { path: base, anchor: 'key', message: custom ?? 'is not allowed here' };
    default:
      return { path: base, anchor: 'value', message: custom ?? e.message ?? `fails ${e.keyword}` };
  }
}

function isForbidden(s: unknown): boolean {
  return s === false || (s !== null && typeof s === 'object' && 'not' in s && Object.keys((s as SchemaLike)['not'] as object).length === 0);
}

function resolveData(data: unknown, path: readonly PathSegment[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

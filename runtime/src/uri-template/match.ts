/**
 * Reverse of expansion: match a concrete URI against a template and recover the variables.
 * Matching is necessarily heuristic for ambiguous templates; it is exact for the forms resource
 * templates use (`users://{id}/profile`, `file:///{+path}`, `search{?q,limit}`, `{/segments*}`).
 */
import { RULES, type Expression, type Part } from './parse.js';

export type MatchedVars = Record<string, string | string[]>;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function groupFor(expr: Expression): string {
  switch (expr.op) {
    case '':
      return '([^/?#]+)';
    case '+':
      return '(.+)';
    case '#':
      return '(#.*)?';
    case '.':
      return '((?:\\.[^/?#.]*)*)';
    case '/':
      return '((?:/[^/?#]*)*)';
    case ';':
      return '((?:;[^/?#]*)*)';
    case '?':
      return '(\\?[^#]*)?';
    case '&':
      return '(&[^#]*)?';
  }
}

/** Compile parts into an anchored regular expression with one group per expression. */
export function compileMatcher(parts: readonly Part[]): RegExp {
  let src = '^';
  for (const p of parts) src += typeof p === 'string' ? escapeRegex(p) : groupFor(p);
  return new RegExp(src + '$');
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** Assign positional values (ops '', '+', '#', '.', '/') to the expression's variables. */
function assignPositional(expr: Expression, values: string[], out: MatchedVars): boolean {
  const vars = expr.vars;
  if (vars.length === 1 && !vars[0]!.explode && (expr.op === '' || expr.op === '+' || expr.op === '#')) {
    const d = decode(values.join(','));
    if (d === undefined) return false;
    out[vars[0]!.name] = d;
    return true;
  }
  let i = 0;
  for (let v = 0; v < vars.length; v++) {
    const spec = vars[v]!;
    if (i >= values.length) break;
    if (spec.explode) {
      const rest = values.slice(i, values.length - (vars.length - 1 - v));
      const decoded = rest.map(decode);
      if (decoded.some((x) => x === undefined)) return false;
      out[spec.name] = decoded as string[];
      i += rest.length;
    } else {
      const d = decode(values[i]!);
      if (d === undefined) return false;
      out[spec.name] = d;
      i++;
    }
  }
  return true;
}

function assignNamed(expr: Expression, text: string, out: MatchedVars): boolean {
  const rule = RULES[expr.op];
  const pairs = text.slice(1).split(rule.sep);
  const known = new Map(expr.vars.map((v) => [v.name, v]));
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const name = decode(rawName);
    const value = decode(rawValue);
    if (name === undefined || value === undefined) return false;
    const spec = known.get(name);
    if (spec === undefined) continue;
    if (spec.explode) {
      const prev = out[name];
      out[name] = Array.isArray(prev) ? [...prev, value] : [value];
    } else {
      out[name] = value;
    }
  }
  return true;
}

/** Match `uri` against compiled parts; undefined when it does not match. */
export function matchParts(parts: readonly Part[], regex: RegExp, uri: string): MatchedVars | undefined {
  const m = regex.exec(uri);
  if (m === null) return undefined;
  const out: MatchedVars = {};
  let g = 1;
  for (const p of parts) {
    if (typeof p === 'string') continue;
    const text = m[g++];
    if (text === undefined || text === '') continue;
    if (p.op === ';' || p.op === '?' || p.op === '&') {
      if (!assignNamed(p, text, out)) return undefined;
    } else {
      const body = p.op === '#' || p.op === '.' || p.op === '/' ? text.slice(1) : text;
      const rule = RULES[p.op];
      const values = rule.sep === ',' ? body.split(',') : body.split(rule.sep);
      if (!assignPositional(p, values, out)) return undefined;
    }
  }
  return out;
}

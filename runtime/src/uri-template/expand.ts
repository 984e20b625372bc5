/**
 * RFC 6570 expansion (levels 1-4).
 */
import { RULES, type Expression, type Part } from './parse.js';

/** A variable value: scalars are stringified, arrays are lists, plain objects are associative arrays. */
export type TemplateValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[] | Readonly<Record<string, string | number | boolean>>;

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const RESERVED = /[:/?#[\]@!$&'()*+,;=]/;

function encode(value: string, allowReserved: boolean): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (UNRESERVED.test(ch)) {
      out += ch;
    } else if (allowReserved && RESERVED.test(ch)) {
      out += ch;
    } else if (allowReserved && ch === '%' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      out += value.slice(i, i + 3); // keep existing pct-encoded triplets
      i += 2;
    } else {
      const cp = value.codePointAt(i)!;
      const s = String.fromCodePoint(cp);
      if (cp > 0xffff) i++;
      for (const b of Buffer.from(s, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}

function prefixOf(value: string, n: number): string {
  return n > 0 ? Array.from(value).slice(0, n).join('') : value;
}

function expandExpression(expr: Expression, vars: Readonly<Record<string, TemplateValue>>): string {
  const rule = RULES[expr.op];
  const pieces: string[] = [];
  for (const spec of expr.vars) {
    const value = vars[spec.name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      const list = value as readonly (string | number | boolean)[];
      if (list.length === 0) continue;
      if (spec.explode) {
        pieces.push(
          list
            .map((v) => {
              const e = encode(String(v), rule.allowReserved);
              return rule.named ? spec.name + (e === '' ? rule.ifEmpty : '=' + e) : e;
            })
            .join(rule.sep),
        );
      } else {
        const joined = list.map((v) => encode(String(v), rule.allowReserved)).join(',');
        pieces.push(rule.named ? spec.name + (joined === '' ? rule.ifEmpty : '=' + joined) : joined);
      }
    } else if (typeof value === 'object') {
      const entries = Object.entries(value as Record<string, string | number | boolean>);
      if (entries.length === 0) continue;
      if (spec.explode) {
        pieces.push(
          entries
            .map(([k, v]) => {
              const e = encode(String(v), rule.allowReserved);
              return encode(k, rule.allowReserved) + (rule.named && e === '' ? rule.ifEmpty : '=' + e);
            })
            .join(rule.sep),
        );
      } else {
        const joined = entries.map(([k, v]) => encode(k, rule.allowReserved) + ',' + encode(String(v), rule.allowReserved)).join(',');
        pieces.push(rule.named ? spec.name + (joined === '' ? rule.ifEmpty : '=' + joined) : joined);
      }
    } else {
      const e = encode(prefixOf(String(value), spec.prefix), rule.allowReserved);
      pieces.push(rule.named ? spec.name + (e === '' ? rule.ifEmpty : '=' + e) : e);
    }
  }
  return pieces.length === 0 ? '' : rule.first + pieces.join(rule.sep);
}

/** Expand parsed template parts with the given variables. */
export function expandParts(parts: readonly Part[], vars: Readonly<Record<string, TemplateValue>>): string {
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : expandExpression(p, vars);
  return out;
}

/**
 * RFC 6570 template parsing: literals and expressions with operators and varspecs (levels 1-4).
 */

export type Operator = '' | '+' | '#' | '.' | '/' | ';' | '?' | '&';

export interface VarSpec {
  readonly name: string;
  readonly explode: boolean;
  /** Prefix length (`{var:3}`), 0 when absent. */
  readonly prefix: number;
}

export interface Expression {
  readonly op: Operator;
  readonly vars: readonly VarSpec[];
}

export type Part = string | Expression;

/** Per-operator expansion rules (RFC 6570 appendix A). */
export interface OperatorRule {
  readonly first: string;
  readonly sep: string;
  readonly named: boolean;
  readonly ifEmpty: string;
  readonly allowReserved: boolean;
}

export const RULES: Readonly<Record<Operator, OperatorRule>> = {
  '': { first: '', sep: ',', named: false, ifEmpty: '', allowReserved: false },
  '+': { first: '', sep: ',', named: false, ifEmpty: '', allowReserved: true },
  '#': { first: '#', sep: ',', named: false, ifEmpty: '', allowReserved: true },
  '.': { first: '.', sep: '.', named: false, ifEmpty: '', allowReserved: false },
  '/': { first: '/', sep: '/', named: false, ifEmpty: '', allowReserved: false },
  ';': { first: ';', sep: ';', named: true, ifEmpty: '', allowReserved: false },
  '?': { first: '?', sep: '&', named: true, ifEmpty: '=', allowReserved: false },
  '&': { first: '&', sep: '&', named: true, ifEmpty: '=', allowReserved: false },
};

const VARNAME = /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*$/;

/** A template that is not valid RFC 6570, with the position of the problem. */
export class UriTemplateError extends Error {
  constructor(template: string, position: number, reason: string) {
    super(`invalid URI template "${template}" at ${position}: ${reason}`);
    this.name = 'UriTemplateError';
  }
}

/** Split a template into literal strings and expressions. */
export function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    const close = template.indexOf('}', i);
    if (close !== -1 && (open === -1 || close < open)) throw new UriTemplateError(template, close, 'unmatched "}"');
    if (open === -1) {
      parts.push(template.slice(i));
      break;
    }
    if (open > i) parts.push(template.slice(i, open));
    const end = template.indexOf('}', open);
    if (end === -1) throw new UriTemplateError(template, open, 'unclosed "{"');
    parts.push(parseExpression(template, open, template.slice(open + 1, end)));
    i = end + 1;
  }
  return parts;
}

function parseExpression(template: string, at: number, body: string): Expression {
  if (body.length === 0) throw new UriTemplateError(template, at, 'empty expression');
  let op: Operator = '';
  const c = body[0]!;
  if ('+#./;?&'.includes(c)) {
    op = c as Operator;
    body = body.slice(1);
  } else if ('=,!@|'.includes(c)) {
    throw new UriTemplateError(template, at, `reserved operator "${c}"`);
  }
  const vars = body.split(',').map((spec): VarSpec => {
    let name = spec;
    let explode = false;
    let prefix = 0;
    if (name.endsWith('*')) {
      explode = true;
      name = name.slice(0, -1);
    } else {
      const colon = name.indexOf(':');
      if (colon !== -1) {
        const n = name.slice(colon + 1);
        if (!/^[1-9][0-9]{0,3}$/.test(n)) throw new UriTemplateError(template, at, `bad prefix length "${n}"`);
        prefix = Number(n);
        name = name.slice(0, colon);
      }
    }
    if (!VARNAME.test(name)) throw new UriTemplateError(template, at, `bad variable name "${name}"`);
    return { name, explode, prefix };
  });
  return { op, vars };
}

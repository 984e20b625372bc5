/**
 * RFC 6570 URI template parsing (levels 1-4), enough to list the variables of a resource
 * template and to reject malformed ones with the character position of the problem.
 */

/** One variable of a template expression. */
export interface TemplateVariable {
  name: string;
  /** The expression operator: '' (simple), '+', '#', '.', '/', ';', '?', '&'. */
  operator: string;
  /** `{x*}`: the value is a list or map, expanded item by item. */
  explode: boolean;
  /** `{x:3}`: only the first N characters are used. */
  prefix?: number;
  /** Index of the variable name in the template text. */
  index: number;
}

/** A problem with its character index in the template. */
export interface TemplateError {
  index: number;
  message: string;
}

const OPERATORS = new Set(['+', '#', '.', '/', ';', '?', '&']);
const RESERVED_OPERATORS = new Set(['=', ',', '!', '@', '|']);
const VARCHAR = /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*$/;
const FORBIDDEN_LITERAL = /[\s"'<>\\^`|]/;

/**
 * Parses an RFC 6570 template.
 *
 * @example
 * parseUriTemplate('users://{user_id}/posts{?page,limit}').variables.map((v) => v.name); // ['user_id', 'page', 'limit']
 */
export function parseUriTemplate(text: string): { variables: TemplateVariable[]; errors: TemplateError[] } {
  const variables: TemplateVariable[] = [];
  const errors: TemplateError[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '}') {
      errors.push({ index: i, message: 'unmatched "}"' });
      i++;
      continue;
    }
    if (ch === '%') {
      if (!/^%[0-9A-Fa-f]{2}/.test(text.slice(i, i + 3))) errors.push({ index: i, message: '"%" must start a percent-encoding like %20' });
      i++;
      continue;
    }
    if (ch !== '{') {
      if (FORBIDDEN_LITERAL.test(ch) || ch.charCodeAt(0) < 0x20) errors.push({ index: i, message: `character ${JSON.stringify(ch)} is not allowed in a URI template; percent-encode it` });
      i++;
      continue;
    }
    const close = text.indexOf('}', i + 1);
    const nextOpen = text.indexOf('{', i + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      errors.push({ index: i, message: 'unclosed "{" (expressions look like {name})' });
      i = close < 0 ? text.length : nextOpen;
      continue;
    }
    parseExpression(text, i + 1, close, variables, errors);
    i = close + 1;
  }
  return { variables, errors };
}

function parseExpression(text: string, start: number, end: number, variables: TemplateVariable[], errors: TemplateError[]): void {
  let pos = start;
  let operator = '';
  const first = text[pos] ?? '';
  if (OPERATORS.has(first)) {
    operator = first;
    pos++;
  } else if (RESERVED_OPERATORS.has(first)) {
    errors.push({ index: pos, message: `operator "${first}" is reserved by RFC 6570` });
    return;
  }
  if (pos >= end) {
    errors.push({ index: start - 1, message: 'empty expression "{}"' });
    return;
  }
  for (const spec of text.slice(pos, end).split(',')) {
    const at = pos;
    pos += spec.length + 1;
    let name = spec;
    let explode = false;
    let prefix: number | undefined;
    if (name.endsWith('*')) {
      explode = true;
      name = name.slice(0, -1);
    } else {
      const colon = name.indexOf(':');
      if (colon >= 0) {
        const len = name.slice(colon + 1);
        if (!/^[1-9][0-9]{0,3}$/.test(len)) {
          errors.push({ index: at + colon, message: `prefix ":${len}" must be a number from 1 to 9999` });
          continue;
        }
        prefix = Number(len);
        name = name.slice(0, colon);
      }
    }
    if (!VARCHAR.test(name)) {
      errors.push({ index: at, message: name === '' ? 'missing variable name' : `invalid variable name ${JSON.stringify(name)} (letters, digits, _ and inner dots)` });
      continue;
    }
    const v: TemplateVariable = { name, operator, explode, index: at };
    if (prefix !== undefined) v.prefix = prefix;
    variables.push(v);
  }
}

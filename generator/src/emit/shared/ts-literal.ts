/**
 * Turning values into TypeScript/JavaScript source text: quoted strings, property keys, JSON literals and
 * JSDoc comments. Everything is deterministic (no key sorting: declaration order is the order of mcp.yaml).
 */

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * A single-quoted string literal.
 *
 * @example
 * tsString("it's") // "'it\\'s'"
 */
export function tsString(value: string): string {
  return `'${value.replace(/[\\'\n\r\t\u2028\u2029]|[\u0000-\u001f]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A property key: bare when it is an identifier, quoted otherwise.
 *
 * @example
 * tsKey('sum') // 'sum'
 * tsKey('math.add') // "'math.add'"
 */
export function tsKey(key: string): string {
  return IDENTIFIER.test(key) ? key : tsString(key);
}

/**
 * A JSON value as JS/TS source text (an object literal, not JSON: a `__proto__` key is written computed),
 * indented by `indent` spaces after the first line.
 *
 * @example
 * jsonLiteral({ a: [1] }, 2) // '{\n    "a": [1]\n  }'
 */
export function jsonLiteral(value: unknown, indent = 0): string {
  // JSON allows U+2028/9 in strings; older JS parsers and some tools do not.
  const text = formatJson(value, 0).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return indent === 0 ? text : text.replace(/\n/g, `\n${' '.repeat(indent)}`);
}

const INLINE_WIDTH = 80;

/** JSON.stringify with 2-space indent, except that short arrays of scalars stay on one line. */
function formatJson(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      const inline = `[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`;
      if (inline.length <= INLINE_WIDTH) return inline;
    }
    return `[\n${value.map((v) => pad + formatJson(v, depth + 1)).join(',\n')}\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${literalKey(k)}: ${formatJson(v, depth + 1)}`).join(',\n')}\n${end}}`;
}

/**
 * A key of an object literal. `"__proto__": v` in a literal sets the prototype instead of a property (a schema
 * property may be called `__proto__`), so that key is written computed: `["__proto__"]: v`.
 */
function literalKey(key: string): string {
  return key === '__proto__' ? '["__proto__"]' : JSON.stringify(key);
}

/**
 * Text for a `//` line comment: every JavaScript line terminator (LF, CR, U+2028, U+2029) and other control
 * character becomes a space, so user text (a server name, a file name) can never end the comment early.
 *
 * @example
 * commentText('a\u2028b') // 'a b'
 */
export function commentText(text: string): string {
  return text.replace(/\r\n|[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
}

/**
 * A JSDoc block (or '' when there is no text), safe against `*\/` in user text.
 *
 * @example
 * jsDoc('Adds numbers', 2) // '  /** Adds numbers *\/\n'
 */
export function jsDoc(text: string | undefined, indent = 0): string {
  if (text === undefined || text.trim() === '') return '';
  const pad = ' '.repeat(indent);
  const lines = text.replace(/\*\//g, '*\\/').replace(/\r\n?|[\u2028\u2029]/g, '\n').trim().split('\n');
  if (lines.length === 1) return `${pad}/** ${lines[0]} */\n`;
  return `${pad}/**\n${lines.map((l) => `${pad} *${l ? ` ${l}` : ''}`).join('\n')}\n${pad} */\n`;
}

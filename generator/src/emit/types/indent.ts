/**
 * A small re-indenter for json-schema-to-typescript output produced with `format: false` (prettier would
 * cost seconds on large models). It indents by bracket nesting, one level per line that opens brackets,
 * ignoring brackets inside strings and comments.
 */

const OPEN = new Set(['{', '(', '[']);
const CLOSE = new Set(['}', ')', ']']);

/** Leading closing brackets and the net bracket change of one line, skipping quoted strings. */
function scan(line: string): { leadingClosers: number; delta: number } {
  let delta = 0;
  let leadingClosers = 0;
  let leading = true;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      leading = false;
    } else if (OPEN.has(c)) {
      delta++;
      leading = false;
    } else if (CLOSE.has(c)) {
      delta--;
      if (leading) leadingClosers++;
    } else if (c !== ' ' && c !== '\t') {
      leading = false;
    }
  }
  return { leadingClosers, delta };
}

/** Closes `count` brackets on a stack of per-line open counts; returns the new stack. */
function close(stack: readonly number[], count: number): number[] {
  const next = [...stack];
  let left = count;
  while (left > 0 && next.length > 0) {
    const top = next.pop() as number;
    if (top > left) {
      next.push(top - left);
      left = 0;
    } else {
      left -= top;
    }
  }
  return next;
}

/**
 * Re-indents TypeScript declarations with two spaces per level; empty bodies become `{}`.
 *
 * @example
 * indentDeclarations('export interface A {\na: string\n}') // 'export interface A {\n  a: string\n}'
 */
export function indentDeclarations(code: string): string {
  const out: string[] = [];
  // Each entry: brackets a line opened and that are still open; one indent level per entry.
  let stack: number[] = [];
  let inComment = false;
  const pad = (): string => '  '.repeat(stack.length);
  for (const raw of code.replace(/\r\n?/g, '\n').replace(/\{\n\s*\n\}/g, '{}').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    if (inComment || line.startsWith('/*')) {
      out.push(line.startsWith('*') ? `${pad()} ${line}` : `${pad()}${line}`);
      inComment = !line.includes('*/');
      continue;
    }
    if (line.startsWith('//')) {
      out.push(`${pad()}${line}`);
      continue;
    }
    const { leadingClosers, delta } = scan(line);
    out.push(`${'  '.repeat(close(stack, leadingClosers).length)}${line}`);
    stack = delta >= 0 ? (delta > 0 ? [...stack, delta] : stack) : close(stack, -delta);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

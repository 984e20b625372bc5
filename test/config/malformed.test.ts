/**
 * Every file in test/config/malformed/ starts with `# expect: <first diagnostic line>`; loading it
 * must fail with exactly that first diagnostic (positions count the comment line).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diagnosticLine, formatDiagnostics, loadProjectSync } from '../../generator/src/config/index.js';

const dir = join(import.meta.dirname, 'malformed');
const cases = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('malformed mcp.yaml', () => {
  test('there are at least 20 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  test.each(cases)('%s', (file) => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    const expected = /^# expect: (.*)$/m.exec(text)?.[1];
    expect(expected, `${file} needs a "# expect:" first line`).toBeDefined();
    const result = loadProjectSync(path, { displayName: 'mcp.yaml' });
    expect(result.model).toBeUndefined();
    const first = result.diagnostics[0];
    expect(first && diagnosticLine(first)).toBe(expected);
    expect(first?.severity).toBe('error');
    // Every diagnostic points inside the file, and the formatter draws a caret under it.
    const lineCount = text.split('\n').length;
    for (const d of result.diagnostics) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.line).toBeLessThanOrEqual(lineCount);
    }
    const out = formatDiagnostics(result.diagnostics, result.source);
    expect(out.split('\n')[0]).toBe(expected);
    expect(out).not.toContain('\x1b[');
  });
});

import { describe, expect, test } from 'vitest';
import type { Diagnostic } from '../model/types.js';
import { formatDiagnostics, loadProjectText } from './index.js';

const source = 'mcp: 1\nserver: { name: t, version: "1" }\ntools:\n  - name: "a b"\n';

describe('formatDiagnostics', () => {
  test('line, then 2 lines of context, then a caret under the column', () => {
    const r = loadProjectText('/x/mcp.yaml', source, { displayName: 'mcp.yaml' });
    expect(formatDiagnostics(r.diagnostics, r.source)).toBe(
      [
        'mcp.yaml:4:11 tools[0].name: must be 1-128 characters of A-Z a-z 0-9 _ . - (it becomes a file name)',
        '  2 | server: { name: t, version: "1" }',
        '  3 | tools:',
        '> 4 |   - name: "a b"',
        '    |           ^',
      ].join('\n'),
    );
  });

  test('warnings are labelled; colour is opt-in', () => {
    const d: Diagnostic = { file: 'mcp.yaml', line: 1, col: 1, path: 'completions[0].name', message: 'unused', code: 'unused-completion', severity: 'warning' };
    const plain = formatDiagnostics([d], 'completions: []\n');
    expect(plain.split('\n')[0]).toBe('mcp.yaml:1:1 completions[0].name: warning: unused');
    expect(plain).not.toContain('\x1b[');
    const colored = formatDiagnostics([d], 'completions: []\n', { color: true });
    expect(colored).toContain('\x1b[33m');
  });

  test('a diagnostic without a path, and one past the end, still format', () => {
    const d: Diagnostic = { file: 'mcp.yaml', line: 9, col: 1, path: '', message: 'the file is empty', code: 'empty', severity: 'error' };
    expect(formatDiagnostics([d], 'a\n')).toBe('mcp.yaml:9:1 the file is empty');
  });

  test('frames of referenced files come from opts.sources', () => {
    const d: Diagnostic = { file: 'schemas/x.json', line: 2, col: 3, path: 'x', message: 'bad', code: 'bad-ref', severity: 'error' };
    const main: Diagnostic = { ...d, file: 'mcp.yaml', line: 1, col: 1 };
    const out = formatDiagnostics([main, d], 'mcp: 1\n', { sources: new Map([['schemas/x.json', '{\n  "x": 1\n}\n']]) });
    expect(out).toContain('> 2 |   "x": 1\n    |   ^');
    expect(out).toContain('> 1 | mcp: 1');
  });

  test('control characters of the file (terminal escapes, NUL) are shown as U+FFFD, one column each', () => {
    const d: Diagnostic = { file: 'mcp.yaml', line: 1, col: 9, path: 'x', message: 'bad', code: 'schema', severity: 'error' };
    const out = formatDiagnostics([d], 'x: "\u001b[2J\u0000\u009b\tz"\n');
    expect(out).toBe('mcp.yaml:1:9 x: bad\n> 1 | x: "\ufffd[2J\ufffd\ufffd z"\n    |         ^');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});

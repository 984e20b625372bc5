import { describe, expect, test } from 'vitest';
import { testContext } from '../emit/shared/test-context.js';
import { listRows, renderTable } from './list.js';
import { printable } from './output.js';

describe('mcp-gen list table', () => {
  test('titles from mcp.yaml cannot send terminal escape sequences or break the table', () => {
    const { model } = testContext('tools:\n  - name: t\n    title: "T\\e[2J\\e]0;pwned\\a\\u2028x"\n');
    const table = renderTable(listRows(model));
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(table.split('\n')).toEqual(['KIND  NAME  TITLE              ROLES  TTL  RATE LIMIT', 'tool  t     T\ufffd[2J\ufffd]0;pwned\ufffd\ufffdx  *      -    -']);
  });

  test('printable keeps ordinary text, tabs excepted, as it is', () => {
    expect(printable('Café ✓ 😀 */')).toBe('Café ✓ 😀 */');
    expect(printable('a\tb\nc')).toBe('a\ufffdb\ufffdc');
  });
});

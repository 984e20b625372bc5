import { describe, expect, test } from 'vitest';
import { SAMPLE_YAML as YAML, testContext as ctx } from '../shared/test-context.js';
import { emitStubs } from './index.js';

describe('stubs emitter', () => {
  test('stubs import the contracts relative to their own folder, also with another --out', () => {
    const stubs = emitStubs(ctx(YAML, 'lib/gen'));
    const add = stubs.find((s) => s.path === 'src/handlers/tools/math.add.ts');
    expect(add?.content).toContain("import type { Tools } from '../../../lib/gen/contracts.gen.js';");
    expect(add?.content).toContain("satisfies Tools['math.add'];");
    expect(add?.content).toContain("toolError('Tool math.add is not implemented yet: edit src/handlers/tools/math.add.ts')");
    expect(stubs.find((s) => s.path === 'src/main.ts')?.content).toContain("import { main } from '../lib/gen/app.gen.js';");
    expect(stubs.every((s) => s.owner === 'stub')).toBe(true);
  });
  test('a stub repeats only the first line of a description, at most 200 characters, and no comment terminator', () => {
    const long = `${'word '.repeat(100)}*/ end`;
    const stubs = emitStubs(ctx(`tools:\n  - name: a\n    description: "one */ line\\u2028second line"\n  - name: b\n    description: "${'😀'.repeat(300)}"\n  - name: c\n    description: "${long}"\n`));
    const doc = (name: string): string => stubs.find((s) => s.path === `src/handlers/tools/${name}.ts`)?.content.split('\n')[4] ?? '';
    expect(doc('a')).toBe(' * Tool `a`: one *\\/ line');
    expect(doc('b')).toBe(` * Tool \`b\`: ${'😀'.repeat(199)}…`);
    expect(doc('c')).toBe(` * Tool \`c\`: ${'word '.repeat(40).trimEnd()}…`);
    expect(stubs.map((s) => s.content).join('')).not.toMatch(/[\u2028\u2029]/);
  });
});

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
});

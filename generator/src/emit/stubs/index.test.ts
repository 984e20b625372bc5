import { describe, expect, test } from 'vitest';
import { loadProjectText } from '../../config/index.js';
import type { Model } from '../../model/types.js';
import type { EmitContext } from '../shared/context.js';
import { emitStubs } from './index.js';

function ctx(yaml: string, outDir = 'src/generated'): EmitContext {
  const { model, diagnostics } = loadProjectText('/virtual/mcp.yaml', `mcp: 1\nserver: { name: t, version: "1" }\n${yaml}`);
  if (!model) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return { model: model as Model, version: '9.9.9', configName: 'mcp.yaml', outDir, handlersDir: 'src/handlers', srcDir: 'src' };
}

const YAML = `tools:
  - name: math.add
    roles: [user]
    ttl: 30
    input: { type: object, properties: { a: { type: number } } }
    output: { type: object, properties: { s: { type: number } } }
  - name: ping
resources:
  - name: tpl
    uriTemplate: "x://{id}"
    complete: { id: ids }
prompts:
  - name: p
completions:
  - name: ids
`;

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

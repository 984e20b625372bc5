import { describe, expect, test } from 'vitest';
import { loadProjectText } from '../../config/index.js';
import type { Model } from '../../model/types.js';
import type { EmitContext } from '../shared/context.js';
import { emitContracts } from './index.js';

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

describe('contracts emitter', () => {
  test('contracts: tools without output get ToolHandler<Input> only', () => {
    const code = emitContracts(ctx(YAML));
    expect(code).toContain("'math.add': ToolHandler<MathAddInput, MathAddOutput>;");
    expect(code).toContain('ping: ToolHandler<PingInput>;');
    expect(code).toContain('tpl: ResourceTemplateHandler<TplParams>;');
    expect(code).toContain('ids: CompletionHandler;');
  });

});

import { describe, expect, test } from 'vitest';
import { SAMPLE_YAML as YAML, testContext as ctx } from '../shared/test-context.js';
import { emitContracts } from './index.js';

describe('contracts emitter', () => {
  test('contracts: tools without output get ToolHandler<Input> only', () => {
    const code = emitContracts(ctx(YAML));
    expect(code).toContain("'math.add': ToolHandler<MathAddInput, MathAddOutput>;");
    expect(code).toContain('ping: ToolHandler<PingInput>;');
    expect(code).toContain('tpl: ResourceTemplateHandler<TplParams>;');
    expect(code).toContain('ids: CompletionHandler;');
  });

});

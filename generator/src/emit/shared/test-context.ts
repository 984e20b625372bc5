/**
 * The setup the emitters' unit tests share: an {@link EmitContext} from mcp.yaml text (server header
 * added), and a small project with one element of every kind. No test framework import, so it
 * compiles with the generator like any module.
 */
import { loadProjectText } from '../../config/index.js';
import type { EmitContext } from './context.js';

/** Tools (one with output, roles and ttl), a template with a completion, a prompt and a completion. */
export const SAMPLE_YAML = `tools:
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

/**
 * An emit context for `yaml` (the element sections of mcp.yaml); server `t` version `1`, generator
 * `9.9.9`. Throws with the diagnostics when the text does not load.
 *
 * @example
 * emitRegistry(testContext(SAMPLE_YAML)).includes("'math.add'") // true
 */
export function testContext(yaml: string, outDir = 'src/generated'): EmitContext {
  const { model, diagnostics } = loadProjectText('/virtual/mcp.yaml', `mcp: 1\nserver: { name: t, version: "1" }\n${yaml}`);
  if (!model) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return { model, version: '9.9.9', configName: 'mcp.yaml', outDir, handlersDir: 'src/handlers', srcDir: 'src' };
}

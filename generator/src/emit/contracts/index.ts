/**
 * The contracts emitter: `contracts.gen.ts`, one interface per element kind mapping each element name to
 * its runtime handler type, e.g. `Tools['math.add']` = `ToolHandler<MathAddInput, MathAddOutput>`.
 */
import { renderTemplate } from '../shared/templates.js';
import { type EmitContext, headerOf } from '../shared/context.js';
import { jsDoc, tsKey, commentText } from '../shared/ts-literal.js';
import { typeNames } from '../types/index.js';

interface Entry {
  doc: string;
  key: string;
  type: string;
}

/**
 * Renders contracts.gen.ts.
 *
 * @example
 * emitContracts(ctx) // "...export interface Tools {\n  'math.add': ToolHandler<MathAddInput, MathAddOutput>;\n}..."
 */
export function emitContracts(ctx: EmitContext): string {
  const { model } = ctx;
  const runtime = new Set<string>();
  const typeImports: string[] = [];
  const entry = (name: string, description: string | undefined, type: string): Entry => ({ doc: jsDoc(description, 2), key: tsKey(name), type });

  const tools = model.tools.map((t) => {
    runtime.add('ToolHandler');
    const input = typeNames.toolInput(t.ident);
    typeImports.push(input);
    if (t.output) {
      const output = typeNames.toolOutput(t.ident);
      typeImports.push(output);
      return entry(t.name, t.description, `ToolHandler<${input}, ${output}>`);
    }
    return entry(t.name, t.description, `ToolHandler<${input}>`);
  });
  const resources = model.resources.map((r) => {
    runtime.add('ResourceHandler');
    return entry(r.name, r.description, 'ResourceHandler');
  });
  const resourceTemplates = model.resourceTemplates.map((t) => {
    runtime.add('ResourceTemplateHandler');
    const params = typeNames.templateParams(t.ident);
    typeImports.push(params);
    return entry(t.name, t.description, `ResourceTemplateHandler<${params}>`);
  });
  const prompts = model.prompts.map((p) => {
    runtime.add('PromptHandler');
    const args = typeNames.promptArguments(p.ident);
    typeImports.push(args);
    return entry(p.name, p.description, `PromptHandler<${args}>`);
  });
  const completions = model.completions.map((c) => {
    runtime.add('CompletionHandler');
    return entry(c.name, c.description, 'CompletionHandler');
  });
  return renderTemplate('generated/contracts.gen.ts.hbs', {
    header: headerOf(ctx),
    configName: commentText(ctx.configName),
    runtimeTypes: [...runtime].sort().join(', '),
    typeImports,
    tools,
    resources,
    resourceTemplates,
    prompts,
    completions,
  });
}

/**
 * The schemas emitter: `schemas.gen.ts` holds every element schema of mcp.yaml once, named like its OpenAPI
 * component (`MathAddInput`, `ProfileParams`, `GreetArguments`). `registry.gen.ts` publishes them (tools/list,
 * resources/templates/list) and `openapi.gen.ts` puts them under `components.schemas`, so no schema is written,
 * parsed and allocated twice. Identical schemas share one object (a 1,000-tool project with repeated shapes
 * loads each shape once); they are published verbatim, so sharing changes no byte a client sees.
 */
import type { JsonSchema, Model } from '../../model/types.js';
import { schemaNames } from '../openapi/index.js';
import { pointerSegment, rerootRefs } from '../openapi/refs.js';
import { type EmitContext, headerOf } from '../shared/context.js';
import { renderTemplate } from '../shared/templates.js';
import { jsDoc, jsonLiteral, commentText } from '../shared/ts-literal.js';

/** One element schema: its export name (= OpenAPI component name), the schema, and what declares it. */
export interface ElementSchema {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly where: string;
}

/**
 * Every element schema of a model in declaration order: tool inputs and outputs, template params, prompt arguments.
 *
 * @example
 * elementSchemas(model).map((s) => s.name) // ['MathAddInput', 'MathAddOutput', 'ProfileParams']
 */
export function elementSchemas(model: Model): ElementSchema[] {
  const out: ElementSchema[] = [];
  for (const t of model.tools) {
    out.push({ name: schemaNames.toolInput(t), schema: t.input, where: `tool ${t.name} input` });
    if (t.output) out.push({ name: schemaNames.toolOutput(t), schema: t.output, where: `tool ${t.name} output` });
  }
  for (const t of model.resourceTemplates) out.push({ name: schemaNames.templateParams(t), schema: t.params, where: `resource template ${t.name} params` });
  for (const p of model.prompts) out.push({ name: schemaNames.promptArguments(p), schema: p.argumentsSchema, where: `prompt ${p.name} arguments` });
  return out;
}

/**
 * Names of the schemas that the OpenAPI document can take from `schemas.gen.ts` unchanged: those whose local
 * `$ref`s need no re-rooting under `#/components/schemas/<name>` (every schema without local references).
 *
 * @example
 * sharedWithOpenApi(model).has('MathAddInput') // true
 */
export function sharedWithOpenApi(model: Model): Set<string> {
  const shared = new Set<string>();
  for (const s of elementSchemas(model)) {
    const rerooted = rerootRefs(s.schema, `#/components/schemas/${pointerSegment(s.name)}`);
    if (JSON.stringify(rerooted) === JSON.stringify(s.schema)) shared.add(s.name);
  }
  return shared;
}

/**
 * Renders schemas.gen.ts.
 *
 * @example
 * emitSchemas(ctx).includes('export const MathAddInput: JsonSchema = {') // true
 */
export function emitSchemas(ctx: EmitContext): string {
  const first = new Map<string, string>();
  const declarations = elementSchemas(ctx.model).map((s) => {
    const text = jsonLiteral(s.schema);
    const same = first.get(text);
    if (same === undefined) first.set(text, s.name);
    const value = same ?? text;
    return `${jsDoc(`The schema of ${s.where}${same === undefined ? '' : ` (the same as ${same})`}.`)}export const ${s.name}: JsonSchema = ${value};`;
  });
  return renderTemplate('generated/schemas.gen.ts.hbs', {
    header: headerOf(ctx),
    configName: commentText(ctx.configName),
    body: declarations.length > 0 ? declarations.join('\n\n') : 'export {};',
    hasSchemas: declarations.length > 0,
  });
}

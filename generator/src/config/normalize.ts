/**
 * From mcp.yaml data to the normalized {@link Model}: cross-element checks (unique names and URIs,
 * template variables, completion references, schema refs) and the derived fields (idents, handler
 * paths, self-contained schemas). Runs on any data: findings inside elements whose shape is wrong
 * are filtered by the caller.
 */
import type { CompletionModel, IconModel, JsonSchema, Model, PromptArgumentModel, PromptModel, ServerModel, ToolModel } from '../model/types.js';
import type { DiagnosticCollector } from './diagnostics.js';
import { checkElementSchema, PROTO_MESSAGE } from './element-schemas.js';
import type { ExternalFiles } from './external-files.js';
import { isObject, setOwn, type JsonObject } from './json-schema-walk.js';
import { varNameOf } from './names.js';
import { checkNames, checkRefCycles, identsFor } from './normalize-checks.js';
import { BASE_KEYS, completionRef, copyIfDefined, err, inKeyOrder, lazyPos, list, schemaOf, VAR_PREFIX, type Ctx } from './normalize-context.js';
import { schemaKeyOrders } from './structural.js';
import { normalizeResources } from './normalize-resources.js';
import { normalizeSkills } from './normalize-skills.js';
import { bundleSchema } from './schema-refs.js';
import type { YamlSource } from './yaml-source.js';

/**
 * Builds the model; reports problems into `diags`. Returns undefined when any error was found.
 *
 * @example
 * const model = normalize(data, source, diags, files);
 */
export function normalize(data: JsonObject, source: YamlSource, diags: DiagnosticCollector, files: ExternalFiles): Model | undefined {
  const topDefs = isObject(data['$defs']) ? data['$defs'] : {};
  const ctx: Ctx = { source, diags, bundle: { main: source, topDefs, files, report: (s, p, m, c) => diags.report(s, p, m, c) } };
  const errorsBefore = diags.errorCount;

  // Shared definitions: checked once each, and their refs resolved even when unused.
  for (const name of Object.keys(topDefs)) {
    if (name === '__proto__') err(ctx, ['$defs', name], PROTO_MESSAGE, 'reserved-name', { key: true });
    checkElementSchema(topDefs[name], { source, at: (p) => ['$defs', name, ...p] }, diags.report);
    bundleSchema({ $ref: `#/$defs/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` }, { source, at: () => ['$defs', name] }, ctx.bundle);
  }

  checkRefCycles(ctx, topDefs);

  const tools = list(data, 'tools');
  const resources = list(data, 'resources');
  const prompts = list(data, 'prompts');
  const completions = list(data, 'completions');
  for (const [kind, items] of [['tools', tools], ['resources', resources], ['prompts', prompts], ['completions', completions]] as const) checkNames(ctx, kind, items);

  const declared = new Set(completions.map((c) => String(c['name'])));
  const usedCompletions = new Set<string>();

  // Tools.
  const toolIdents = identsFor(ctx, 'tools', tools);
  const toolModels: ToolModel[] = tools.map((t, i) => {
    const name = String(t['name']);
    const ident = toolIdents[i] ?? 'Unnamed';
    const input = t['input'] === undefined ? { type: 'object' } : schemaOf(ctx, t['input'], (p) => ['tools', i, 'input', ...p]);
    const m: ToolModel = { kind: 'tool', name, input, ident, varName: varNameOf(VAR_PREFIX.tools, ident), handlerPath: `tools/${name}`, pos: lazyPos(ctx, ['tools', i]) };
    if (t['output'] !== undefined) m.output = schemaOf(ctx, t['output'], (p) => ['tools', i, 'output', ...p]);
    copyIfDefined(m, t, [...BASE_KEYS, 'annotations', 'taskSupport']);
    if (m.annotations !== undefined) m.annotations = inKeyOrder(m.annotations, schemaKeyOrders().toolAnnotations) as NonNullable<ToolModel['annotations']>;
    return m;
  });

  // Resources and templates share names, idents and the handlers/resources/ folder.
  const { resources: staticModels, templates: templateModels } = normalizeResources(ctx, resources, declared, usedCompletions);

  // Prompts.
  const promptIdents = identsFor(ctx, 'prompts', prompts);
  const promptModels: PromptModel[] = prompts.map((p, i) => {
    const name = String(p['name']);
    const ident = promptIdents[i] ?? 'Unnamed';
    const args = Array.isArray(p['arguments']) ? p['arguments'].map((x) => (isObject(x) ? x : {})) : [];
    const seenArgs = new Map<string, number>();
    const argModels: PromptArgumentModel[] = args.map((a, j) => {
      const argName = String(a['name']);
      const firstJ = seenArgs.get(argName);
      if (argName === '__proto__') err(ctx, ['prompts', i, 'arguments', j, 'name'], PROTO_MESSAGE, 'reserved-name');
      if (firstJ !== undefined) err(ctx, ['prompts', i, 'arguments', j, 'name'], `duplicate argument ${JSON.stringify(argName)} (also arguments[${firstJ}])`, 'duplicate-name');
      else seenArgs.set(argName, j);
      if (a['complete'] !== undefined) completionRef(ctx, ['prompts', i, 'arguments', j, 'complete'], a['complete'], declared, usedCompletions);
      const am: PromptArgumentModel = { name: argName, required: a['required'] === true };
      copyIfDefined(am, a, ['title', 'description', 'complete']);
      return am;
    });
    const properties: Record<string, JsonSchema> = {};
    for (const a of argModels) {
      const s: Record<string, unknown> = { type: 'string' };
      if (a.title !== undefined) s['title'] = a.title;
      if (a.description !== undefined) s['description'] = a.description;
      setOwn(properties, a.name, s);
    }
    const argumentsSchema: JsonSchema = { type: 'object', properties, required: argModels.filter((a) => a.required).map((a) => a.name), additionalProperties: false };
    const m: PromptModel = { kind: 'prompt', name, arguments: argModels, argumentsSchema, ident, varName: varNameOf(VAR_PREFIX.prompts, ident), handlerPath: `prompts/${name}`, pos: lazyPos(ctx, ['prompts', i]) };
    copyIfDefined(m, p, BASE_KEYS);
    return m;
  });

  // Completions.
  const compIdents = identsFor(ctx, 'completions', completions);
  const completionModels: CompletionModel[] = completions.map((c, i) => {
    const name = String(c['name']);
    const ident = compIdents[i] ?? 'Unnamed';
    if (!usedCompletions.has(name)) {
      err(ctx, ['completions', i, 'name'], `completion provider ${JSON.stringify(name)} is not used by any resource template or prompt argument`, 'unused-completion', { warning: true });
    }
    const m: CompletionModel = { kind: 'completion', name, ident, varName: varNameOf(VAR_PREFIX.completions, ident), handlerPath: `completions/${name}`, pos: lazyPos(ctx, ['completions', i]) };
    copyIfDefined(m, c, ['description']);
    return m;
  });

  const skills = normalizeSkills(ctx, data['skills']);

  if (diags.errorCount > errorsBefore) return undefined;

  const serverData = isObject(data['server']) ? data['server'] : {};
  const server: ServerModel = { name: String(serverData['name']), version: String(serverData['version']) };
  copyIfDefined(server, serverData, ['title', 'description', 'instructions', 'websiteUrl']);
  if (Array.isArray(serverData['icons'])) server.icons = serverData['icons'] as IconModel[];

  return {
    mcp: 1,
    server,
    settings: inKeyOrder(isObject(data['settings']) ? data['settings'] : {}, schemaKeyOrders().settings) as Model['settings'],
    defs: topDefs as Record<string, JsonSchema>,
    tools: toolModels,
    resources: staticModels,
    resourceTemplates: templateModels,
    prompts: promptModels,
    completions: completionModels,
    ...(skills !== undefined ? { skills } : {}),
    referencedFiles: [...files.referencedFiles, ...(skills?.skills.map((s) => s.skillMd) ?? [])],
  };
}

/**
 * The registry emitter: `registry.gen.ts` exports `registry: RegistryDefinition`: server info, settings
 * defaults, every element with its schema (verbatim), precompiled validator, policy and handler.
 * Schemas come from schemas.gen.ts (shared with openapi.gen.ts). Handlers are
 * `lazyHandler<Contract['name']>(() => import('../handlers/...'), file)`: the module loads on first use (a server
 * with 1,000 tools starts without importing 1,000 modules) and the type argument keeps the compile-time check that
 * its default export satisfies the contract in contracts.gen.ts.
 */
import { posix } from 'node:path';
import type { ElementBase, SkillsModel } from '../../model/types.js';
import { schemaNames } from '../openapi/index.js';
import { type EmitContext, generatedPath, handlerFile, headerOf } from '../shared/context.js';
import { importPath } from '../shared/naming.js';
import { renderTemplate } from '../shared/templates.js';
import { jsonLiteral, tsKey, tsString, commentText } from '../shared/ts-literal.js';
import { validatorNames } from '../validators/index.js';

type Prop = readonly [key: string, source: string | undefined];

/** An object literal from ordered properties; properties whose source is undefined are left out. */
function objectLiteral(props: readonly Prop[], indent: number): string {
  const pad = ' '.repeat(indent + 2);
  const lines = props.filter((p): p is readonly [string, string] => p[1] !== undefined).map(([k, v]) => `${pad}${tsKey(k)}: ${v},`);
  return `{\n${lines.join('\n')}\n${' '.repeat(indent)}}`;
}

const ENTRY_INDENT = 4;
const VALUE_INDENT = ENTRY_INDENT + 2;

function json(value: unknown): string | undefined {
  return value === undefined ? undefined : jsonLiteral(value, VALUE_INDENT);
}

function str(value: string | undefined): string | undefined {
  return value === undefined ? undefined : tsString(value);
}

/** Display fields and policy shared by every element kind, in a fixed order. */
function common(el: ElementBase): Prop[] {
  return [
    ['name', tsString(el.name)],
    ['title', str(el.title)],
    ['description', str(el.description)],
  ];
}

function policy(el: ElementBase): Prop[] {
  return [
    ['roles', json(el.roles)],
    ['ttl', json(el.ttl)],
    ['rateLimit', str(el.rateLimit)],
    ['timeoutMs', json(el.timeoutMs)],
    ['icons', json(el.icons)],
    ['meta', json(el.meta)],
  ];
}

/**
 * The options of `loadSkills` for `skills:`: paths as written in mcp.yaml, resolved at run time
 * against the project root, found from the generated file's own URL (src/generated and
 * dist/generated sit at the same depth).
 */
function skillsOptions(ctx: EmitContext, skills: SkillsModel): string {
  const up = posix.relative(ctx.outDir, '.') || '.';
  return objectLiteral(
    [
      ['root', `new URL(${tsString(`${up}/`)}, import.meta.url)`],
      ['dirs', skills.dir === undefined ? undefined : jsonLiteral([skills.dir], 2)],
      ['paths', skills.paths.length > 0 ? jsonLiteral(skills.paths, 2) : undefined],
      ['prefix', str(skills.prefix)],
      ['roles', skills.roles === undefined ? undefined : jsonLiteral(skills.roles, 2)],
    ],
    0,
  );
}

/**
 * Renders registry.gen.ts.
 *
 * @example
 * emitRegistry(ctx) // "...export const registry: RegistryDefinition = {..."
 */
export function emitRegistry(ctx: EmitContext): string {
  const { model } = ctx;
  const self = generatedPath(ctx, 'registry.gen.ts');
  const contract = new Set<string>();
  const handler = (el: { handlerPath: string; name: string }, map: string): string => {
    const file = handlerFile(ctx, el.handlerPath);
    contract.add(map);
    return `lazyHandler<${map}[${tsString(el.name)}]>(() => import(${tsString(importPath(self, file))}), ${tsString(file)})`;
  };

  const tools = model.tools.map((t) =>
    objectLiteral(
      [
        ...common(t),
        ...policy(t),
        ['annotations', json(t.annotations)],
        ['taskSupport', str(t.taskSupport)],
        ['inputSchema', `schemas.${schemaNames.toolInput(t)}`],
        ['outputSchema', t.output ? `schemas.${schemaNames.toolOutput(t)}` : undefined],
        ['validateInput', `validators.${validatorNames.toolInput(t.varName)}`],
        ['validateOutput', t.output ? `validators.${validatorNames.toolOutput(t.varName)}` : undefined],
        ['handler', handler(t, 'Tools')],
      ],
      ENTRY_INDENT,
    ),
  );
  const resources = model.resources.map((r) =>
    objectLiteral(
      [
        ...common(r),
        ['uri', tsString(r.uri)],
        ['mimeType', str(r.mimeType)],
        ['size', json(r.size)],
        ['subscribe', json(r.subscribe)],
        ['annotations', json(r.annotations)],
        ...policy(r),
        ['handler', handler(r, 'Resources')],
      ],
      ENTRY_INDENT,
    ),
  );
  const resourceTemplates = model.resourceTemplates.map((t) =>
    objectLiteral(
      [
        ...common(t),
        ['uriTemplate', tsString(t.uriTemplate)],
        ['mimeType', str(t.mimeType)],
        ['subscribe', json(t.subscribe)],
        ['annotations', json(t.annotations)],
        ...policy(t),
        ['paramsSchema', `schemas.${schemaNames.templateParams(t)}`],
        ['validateParams', `validators.${validatorNames.templateParams(t.varName)}`],
        ['complete', Object.keys(t.complete).length > 0 ? json(t.complete) : undefined],
        ['handler', handler(t, 'ResourceTemplates')],
      ],
      ENTRY_INDENT,
    ),
  );
  const prompts = model.prompts.map((p) =>
    objectLiteral(
      [
        ...common(p),
        ...policy(p),
        ['arguments', json(p.arguments)],
        ['validateArguments', `validators.${validatorNames.promptArguments(p.varName)}`],
        ['handler', handler(p, 'Prompts')],
      ],
      ENTRY_INDENT,
    ),
  );
  const completions = model.completions.map((c) =>
    objectLiteral([['name', tsString(c.name)], ['description', str(c.description)], ['handler', handler(c, 'Completions')]], ENTRY_INDENT),
  );

  const s = model.server;
  const server = objectLiteral(
    [
      ['name', tsString(s.name)],
      ['version', tsString(s.version)],
      ['title', str(s.title)],
      ['description', str(s.description)],
      ['instructions', str(s.instructions)],
      ['websiteUrl', str(s.websiteUrl)],
      ['icons', s.icons === undefined ? undefined : jsonLiteral(s.icons, 4)],
    ],
    2,
  );
  const runtimeValues = [...(contract.size > 0 ? ['lazyHandler'] : []), ...(model.skills !== undefined ? ['loadSkillsAtStartup', 'skillResources'] : [])];
  return renderTemplate('generated/registry.gen.ts.hbs', {
    header: headerOf(ctx),
    configName: commentText(ctx.configName),
    runtimeImport:
      runtimeValues.length > 0
        ? `import { ${runtimeValues.join(', ')}, type RegistryDefinition } from '@mcp-gen/runtime';`
        : "import type { RegistryDefinition } from '@mcp-gen/runtime';",
    skills: model.skills === undefined ? false : skillsOptions(ctx, model.skills),
    contractTypes: ['Tools', 'Resources', 'ResourceTemplates', 'Prompts', 'Completions'].filter((c) => contract.has(c)).join(', '),
    hasValidators: model.tools.length + model.resourceTemplates.length + model.prompts.length > 0,
    hasSchemas: model.tools.length + model.resourceTemplates.length > 0,
    server,
    settings: Object.keys(model.settings).length > 0 ? jsonLiteral(model.settings, 2) : false,
    tools,
    resources,
    resourceTemplates,
    prompts,
    completions,
  });
}

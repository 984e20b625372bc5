import { describe, expect, it } from 'vitest';
import type { Model, PromptModel, ResourceModel, ResourceTemplateModel, ToolModel } from '../../model/types.js';
import { buildOpenApiDocument } from './index.js';
import { rerootRefs } from './refs.js';
import { lintOpenApi } from '../../../../test/docs/redocly.js';

const pos = { line: 1, col: 1 };

function tool(name: string, ident: string, extra: Partial<ToolModel> = {}): ToolModel {
  return {
    kind: 'tool',
    name,
    ident,
    varName: `tool${ident}`,
    handlerPath: `tools/${name}`,
    pos,
    input: { type: 'object', properties: {}, additionalProperties: false },
    ...extra,
  };
}

function fixtureModel(settings: Model['settings'] = {}): Model {
  const resource: ResourceModel = {
    kind: 'resource',
    name: 'readme',
    ident: 'Readme',
    varName: 'resourceReadme',
    handlerPath: 'resources/readme',
    pos,
    uri: 'docs://readme',
    mimeType: 'text/markdown',
    description: 'The project readme.',
  };
  const template: ResourceTemplateModel = {
    kind: 'resourceTemplate',
    name: 'note',
    ident: 'Note',
    varName: 'templateNote',
    handlerPath: 'resources/note',
    pos,
    uriTemplate: 'notes://notes/{id}',
    variables: ['id'],
    params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
    complete: {},
  };
  const prompt: PromptModel = {
    kind: 'prompt',
    name: 'greet',
    ident: 'Greet',
    varName: 'promptGreet',
    handlerPath: 'prompts/greet',
    pos,
    arguments: [{ name: 'name', required: true }],
    argumentsSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  };
  return {
    mcp: 1,
    server: { name: 'fixture', version: '1.2.3', title: 'Fixture server', description: 'For tests.' },
    settings,
    defs: {},
    tools: [
      tool('math.add', 'MathAdd', {
        title: 'Add two numbers',
        roles: ['user'],
        rateLimit: '10/m',
        input: {
          type: 'object',
          properties: { a: { $ref: '#/$defs/Num' }, b: { $ref: '#/$defs/Num' } },
          required: ['a', 'b'],
          $defs: { Num: { type: 'number', description: 'A number' } },
        },
        output: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
      }),
      tool('echo', 'Echo', { description: 'Echo text back.' }),
    ],
    resources: [resource],
    resourceTemplates: [template],
    prompts: [prompt],
    completions: [],
    referencedFiles: [],
  };
}

/** Lints with the same independent validator and rules as test/docs (errors and unexpected warnings). */
async function lint(doc: unknown): Promise<string[]> {
  const report = await lintOpenApi(doc);
  return [...report.errors.map((e) => `error ${e}`), ...report.warnings.map((w) => `warn ${w}`)];
}

describe('buildOpenApiDocument', () => {
  it('passes the redocly recommended rules: zero errors, no warnings but those by design', async () => {
    const problems = await lint(buildOpenApiDocument(fixtureModel()));
    expect(problems).toEqual([]);
  });

  it('has the MCP endpoint, the legacy routes and one REST route per element', () => {
    const doc = buildOpenApiDocument(fixtureModel());
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths ?? {})).toEqual([
      '/mcp',
      '/mcp/list',
      '/mcp/call',
      '/mcp/batch',
      '/tools/math.add',
      '/tools/echo',
      '/resources/readme',
      '/resource-templates/note',
      '/prompts/greet',
    ]);
    const add = doc.paths?.['/tools/math.add']?.post;
    expect(add?.operationId).toBe('tool.math.add');
    expect(add?.summary).toBe('Add two numbers');
    expect(Object.keys(add?.responses ?? {})).toEqual(['200', '400', '401', '403', '404', '422', '429', '500']);
    expect(JSON.stringify(add?.responses?.['200'])).toContain('#/components/schemas/MathAddOutput');
    expect(JSON.stringify(doc.paths?.['/tools/echo']?.post?.responses?.['200'])).toContain('#/components/schemas/ToolResult');
    const tpl = doc.paths?.['/resource-templates/note']?.get;
    expect(tpl?.parameters).toEqual([
      expect.objectContaining({ in: 'query', style: 'form', explode: true, required: true, schema: { $ref: '#/components/schemas/NoteParams' } }),
    ]);
  });

  it('keeps element schemas verbatim except for re-rooted local refs', () => {
    const model = fixtureModel();
    const doc = buildOpenApiDocument(model);
    const input = doc.components?.schemas?.['MathAddInput'] as Record<string, unknown>;
    expect(input).toEqual({
      ...model.tools[0]!.input,
      properties: {
        a: { $ref: '#/components/schemas/MathAddInput/$defs/Num' },
        b: { $ref: '#/components/schemas/MathAddInput/$defs/Num' },
      },
    });
    expect(doc.components?.schemas?.['MathAddOutput']).toEqual(model.tools[0]!.output);
    expect(doc.components?.schemas?.['GreetArguments']).toEqual(model.prompts[0]!.argumentsSchema);
    // The model is not mutated.
    expect((model.tools[0]!.input['properties'] as Record<string, { $ref: string }>)['a']!.$ref).toBe('#/$defs/Num');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildOpenApiDocument(fixtureModel()))).toBe(JSON.stringify(buildOpenApiDocument(fixtureModel())));
  });

  it('declares every security scheme and applies the configured auth mode', async () => {
    expect(buildOpenApiDocument(fixtureModel()).security).toEqual([{}]);
    const apikey = buildOpenApiDocument(fixtureModel({ authMode: 'apikey' }));
    expect(apikey.security).toEqual([{ apiKey: [] }, { apiKeyBearer: [] }]);
    expect(Object.keys(apikey.components?.securitySchemes ?? {})).toEqual(['apiKey', 'apiKeyBearer', 'hmacSignature', 'oauth']);
    expect(buildOpenApiDocument(fixtureModel({ authMode: 'hmac' })).security).toEqual([{ hmacSignature: [] }]);
    const oauth = buildOpenApiDocument(fixtureModel({ authMode: 'oauth', oauthIssuer: 'https://auth.example.org/' }));
    expect(oauth.security).toEqual([{ oauth: [] }, { openIdConnect: [] }]);
    expect(oauth.components?.securitySchemes?.['openIdConnect']).toMatchObject({
      type: 'openIdConnect',
      openIdConnectUrl: 'https://auth.example.org/.well-known/openid-configuration',
    });
    for (const doc of [apikey, oauth]) expect(await lint(doc)).toEqual([]);
  });

  it('works for a model without any element', async () => {
    const empty = { ...fixtureModel(), tools: [], resources: [], resourceTemplates: [], prompts: [] };
    const doc = buildOpenApiDocument(empty);
    expect(Object.keys(doc.paths ?? {})).toEqual(['/mcp', '/mcp/list', '/mcp/call', '/mcp/batch']);
    expect(await lint(doc)).toEqual([]);
  });

  it('rejects two elements whose schema names collide', () => {
    const model = fixtureModel();
    model.tools.push(tool('math-add', 'MathAdd'));
    expect(() => buildOpenApiDocument(model)).toThrow(/MathAddInput .*used twice/);
  });
});

describe('rerootRefs', () => {
  it('re-roots local refs, leaves external refs, literals and $id scopes alone', () => {
    const schema = {
      type: 'object',
      properties: {
        enum: { $ref: '#/$defs/E' },
        self: { $ref: '#' },
        ext: { $ref: 'https://example.org/s.json#/x' },
        scoped: { $id: 'https://example.org/inner', $ref: '#/$defs/Inner' },
      },
      default: { $ref: '#/not/a/ref' },
      $defs: { E: { enum: ['a', 'b'] } },
    };
    expect(rerootRefs(schema, '#/components/schemas/X')).toEqual({
      ...schema,
      properties: {
        enum: { $ref: '#/components/schemas/X/$defs/E' },
        self: { $ref: '#/components/schemas/X' },
        ext: { $ref: 'https://example.org/s.json#/x' },
        scoped: { $id: 'https://example.org/inner', $ref: '#/$defs/Inner' },
      },
    });
  });
});

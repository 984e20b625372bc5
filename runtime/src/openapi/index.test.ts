import { describe, expect, it } from 'vitest';
import { lintOpenApi } from '../../../test/docs/redocly.js';
import { mcpOpenApiDocument, openApiErrorRefs, type McpOpenApiParts, type OpenApiDocument } from './index.js';

const info = { title: 'demo', version: '1.0.0', 'x-mcp-server-name': 'demo' };

const withTool: McpOpenApiParts = {
  info,
  authMode: 'apikey',
  tools: [{ name: 'sum', description: 'Adds.', roles: ['user', 'admin'], rateLimit: '5/m', ttl: 30, input: 'SumInput', inputRequired: true, annotations: { readOnlyHint: true } }],
  schemas: { SumInput: { type: 'object', required: ['a'], properties: { a: { type: 'number' } } } },
};

const everyKind: McpOpenApiParts = {
  info,
  tools: [{ name: 'math.add', title: 'Add', input: 'MathAddInput', output: 'MathAddOutput' }],
  resources: [{ name: 'readme', uri: 'docs://readme', mimeType: 'text/markdown' }],
  resourceTemplates: [{ name: 'note', uriTemplate: 'notes://{id}', variables: ['id'], params: 'NoteParams' }],
  prompts: [{ name: 'greet', arguments: 'GreetArguments', argumentsRequired: true }],
  paths: {
    '/health/extra': { get: { operationId: 'extra', summary: 'Extra', responses: { '200': { description: 'ok' }, ...openApiErrorRefs([401, 500]) } } },
  },
  schemas: {
    MathAddInput: { type: 'object' },
    MathAddOutput: { type: 'object' },
    NoteParams: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    GreetArguments: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  },
};

describe('mcpOpenApiDocument', () => {
  it('adds the fixed MCP and legacy parts before the project parts, in a fixed order', () => {
    const doc = mcpOpenApiDocument(withTool);
    expect(Object.keys(doc)).toEqual(['openapi', 'info', 'jsonSchemaDialect', 'servers', 'security', 'tags', 'paths', 'components']);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual(info);
    expect(Object.keys(doc.paths ?? {})).toEqual(['/mcp', '/mcp/list', '/mcp/call', '/mcp/batch', '/tools/sum']);
    expect(doc.tags?.map((t) => t.name)).toEqual(['MCP', 'Tools', 'Legacy']);
    expect(mcpOpenApiDocument({ info }).tags?.map((t) => t.name)).toEqual(['MCP', 'Legacy']);
    expect(doc.servers).toEqual([{ url: '/', description: 'This server' }]);
    expect(Object.keys(doc.components?.responses ?? {})).toContain('Unauthorized');
    expect(Object.keys(doc.components?.parameters ?? {})).toEqual(['McpProtocolVersion', 'McpSessionId', 'LastEventId']);
  });

  it('builds the REST operation of every element kind, after the fixed paths and before extra paths', () => {
    const doc = mcpOpenApiDocument(everyKind);
    expect(Object.keys(doc.paths ?? {}).slice(4)).toEqual(['/tools/math.add', '/resources/readme', '/resource-templates/note', '/prompts/greet', '/health/extra']);
    const tool = doc.paths?.['/tools/math.add']?.post;
    expect(tool).toMatchObject({ operationId: 'tool.math.add', tags: ['Tools'], summary: 'Add', description: 'MCP tool `math.add`.', 'x-mcp-tool': 'math.add' });
    expect(tool?.requestBody).toEqual({ required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/MathAddInput' } } } });
    expect(JSON.stringify(tool?.responses?.['200'])).toContain('#/components/schemas/MathAddOutput');
    expect(Object.keys(tool?.responses ?? {})).toEqual(['200', '400', '401', '403', '404', '422', '429', '500']);
    expect(doc.paths?.['/resources/readme']?.get).toMatchObject({ operationId: 'resource.readme', description: 'Reads `docs://readme` (text/markdown).', 'x-mcp-uri': 'docs://readme' });
    const template = doc.paths?.['/resource-templates/note']?.get;
    expect(template?.parameters).toEqual([
      { name: 'params', in: 'query', required: true, style: 'form', explode: true, description: 'The URI template variables, one query parameter each.', schema: { $ref: '#/components/schemas/NoteParams' } },
    ]);
    expect(doc.paths?.['/prompts/greet']?.post).toMatchObject({ operationId: 'prompt.greet', requestBody: { required: true }, 'x-mcp-prompt': 'greet' });
    expect(doc.tags?.map((t) => t.name)).toEqual(['MCP', 'Tools', 'Resources', 'Prompts', 'Legacy']);
  });

  it('says roles, rate limit and cache lifetime in the description', () => {
    const op = mcpOpenApiDocument(withTool).paths?.['/tools/sum']?.post;
    expect(op?.description).toBe('Adds.\n\nMCP tool `sum`.\n\nRoles: `user`, `admin`.\n\nRate limit: 5/m per caller.\n\nCached for 30s.');
    expect(op).toMatchObject({ summary: 'sum', requestBody: { required: true }, 'x-mcp-annotations': { readOnlyHint: true } });
    expect(JSON.stringify(op?.responses?.['200'])).toContain('#/components/schemas/ToolResult');
  });

  it('makes the /mcp and legacy examples concrete with the first tool', () => {
    const post = mcpOpenApiDocument(withTool).paths?.['/mcp']?.post;
    const examples = post?.requestBody && 'content' in post.requestBody ? post.requestBody.content['application/json']?.examples : undefined;
    expect(examples?.['call']).toEqual({ summary: 'Call a tool', value: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'sum', arguments: {} } } });
    const legacy = mcpOpenApiDocument({ info }).paths?.['/mcp']?.post;
    const listExample = legacy?.requestBody && 'content' in legacy.requestBody ? legacy.requestBody.content['application/json']?.examples?.['call'] : undefined;
    expect(listExample).toEqual({ summary: 'List tools', value: { jsonrpc: '2.0', id: 1, method: 'tools/list' } });
    const raw = mcpOpenApiDocument({ info, paths: { '/custom': { post: { operationId: 'custom', 'x-mcp-tool': 'custom.tool' } } } });
    expect(JSON.stringify(raw.paths?.['/mcp/call'])).toContain('"name":"custom.tool"');
  });

  it('puts project schemas first and only the protocol schemas the document references after them', () => {
    const names = Object.keys(mcpOpenApiDocument(withTool).components?.schemas ?? {});
    expect(names[0]).toBe('SumInput');
    expect(names).toEqual(expect.arrayContaining(['ToolResult', 'ContentBlock', 'ResourceContents', 'JsonRpcMessage', 'ErrorBody', 'LegacyList']));
    // Without project parts, every protocol schema left in the document is still referenced by a fixed part.
    const bare = Object.keys(mcpOpenApiDocument({ info }).components?.schemas ?? {});
    expect(bare).not.toContain('SumInput');
    for (const name of bare) expect(JSON.stringify(mcpOpenApiDocument({ info })), name).toContain(`#/components/schemas/${name}"`);
  });

  it('declares every security scheme and picks the top-level security from the auth mode', () => {
    const schemes = (parts: Partial<McpOpenApiParts>) => Object.keys(mcpOpenApiDocument({ info, ...parts }).components?.securitySchemes ?? {});
    expect(schemes({})).toEqual(['apiKey', 'apiKeyBearer', 'hmacSignature', 'oauth']);
    expect(schemes({ oauthIssuer: 'not a url' })).not.toContain('openIdConnect');
    const oidc = mcpOpenApiDocument({ info, authMode: 'oauth', oauthIssuer: 'https://issuer.example/' });
    expect(oidc.components?.securitySchemes?.['openIdConnect']).toMatchObject({ openIdConnectUrl: 'https://issuer.example/.well-known/openid-configuration' });
    expect(oidc.security).toEqual([{ oauth: [] }, { openIdConnect: [] }]);
    expect(mcpOpenApiDocument({ info }).security).toEqual([{}]);
    expect(mcpOpenApiDocument({ info, authMode: 'apikey' }).security).toEqual([{ apiKey: [] }, { apiKeyBearer: [] }]);
    expect(mcpOpenApiDocument({ info, authMode: 'hmac' }).security).toEqual([{ hmacSignature: [] }]);
    expect(mcpOpenApiDocument({ info, authMode: 'oauth' }).security).toEqual([{ oauth: [] }]);
  });

  it('keeps given servers', () => {
    expect(mcpOpenApiDocument({ info, servers: [{ url: '/api' }] }).servers).toEqual([{ url: '/api' }]);
  });

  it('refuses a project schema named like a protocol schema it needs', () => {
    expect(() => mcpOpenApiDocument({ ...withTool, schemas: { ...withTool.schemas, ToolResult: { type: 'object' } } })).toThrow(
      /schema ToolResult of the project collides with a protocol schema/,
    );
  });

  it('is deterministic and returns fresh objects', () => {
    const a = mcpOpenApiDocument(withTool);
    (a.components!.responses!['BadRequest'] as { description: string }).description = 'changed';
    a.tags![0]!.name = 'changed';
    const b = mcpOpenApiDocument(withTool);
    expect(JSON.stringify(b)).toBe(JSON.stringify(mcpOpenApiDocument(withTool)));
    expect(JSON.stringify(b)).not.toContain('changed');
  });

  it('builds tags, paths and components on first read, invisibly to JSON, spreads, clones and writes', () => {
    const lazy = mcpOpenApiDocument(withTool);
    const descriptor = Object.getOwnPropertyDescriptor(lazy, 'paths');
    expect(descriptor?.get).toBeTypeOf('function');
    expect(descriptor?.enumerable).toBe(true);
    const eager = JSON.stringify(mcpOpenApiDocument(withTool));
    expect(JSON.stringify(lazy)).toBe(eager);
    // After the first read they are plain data properties in the same key order, read once.
    expect(Object.getOwnPropertyDescriptor(lazy, 'paths')).toMatchObject({ writable: true, enumerable: true });
    expect(lazy.paths).toBe(lazy.paths);
    expect(JSON.stringify({ ...mcpOpenApiDocument(withTool) })).toBe(eager);
    expect(JSON.stringify(structuredClone(mcpOpenApiDocument(withTool)))).toBe(eager);
    // Writing before reading replaces the value and never builds.
    const written = mcpOpenApiDocument(withTool);
    written.paths = {};
    expect(written.paths).toEqual({});
    expect(Object.keys(written)).toEqual(['openapi', 'info', 'jsonSchemaDialect', 'servers', 'security', 'tags', 'paths', 'components']);
  });

  it('rejects an unknown error status', () => {
    expect(() => openApiErrorRefs([418 as 400])).toThrow(/no shared response for HTTP 418/);
  });

  it('passes @redocly/openapi-core with zero errors and warnings, with and without project parts', async () => {
    const docs: [string, OpenApiDocument][] = [['bare', mcpOpenApiDocument({ info })], ['tool', mcpOpenApiDocument(withTool)], ['every kind', mcpOpenApiDocument(everyKind)]];
    for (const [name, doc] of docs) {
      const report = await lintOpenApi(doc, `${name}.json`);
      expect(report.errors, name).toEqual([]);
      expect(report.warnings, name).toEqual([]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { lintOpenApi } from '../../../test/docs/redocly.js';
import { mcpOpenApiDocument, openApiErrorRefs, type McpOpenApiParts, type OpenApiDocument } from './index.js';

const info = { title: 'demo', version: '1.0.0', 'x-mcp-server-name': 'demo' };

const withTool: McpOpenApiParts = {
  info,
  authMode: 'apikey',
  paths: {
    '/tools/sum': {
      post: {
        operationId: 'tool.sum',
        tags: ['Tools'],
        summary: 'sum',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SumInput' } } } },
        responses: {
          '200': { description: 'The tool result.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ToolResult' } } } },
          ...openApiErrorRefs([400, 401]),
        },
        'x-mcp-tool': 'sum',
      },
    },
  },
  schemas: { SumInput: { type: 'object', properties: { a: { type: 'number' } } } },
};

describe('mcpOpenApiDocument', () => {
  it('adds the fixed MCP and legacy parts before the project parts, in a fixed order', () => {
    const doc = mcpOpenApiDocument(withTool);
    expect(Object.keys(doc)).toEqual(['openapi', 'info', 'jsonSchemaDialect', 'servers', 'security', 'tags', 'paths', 'components']);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual(info);
    expect(Object.keys(doc.paths ?? {})).toEqual(['/mcp', '/mcp/list', '/mcp/call', '/mcp/batch', '/tools/sum']);
    expect(doc.tags?.map((t) => t.name)).toEqual(['MCP', 'Tools', 'Legacy']);
    expect(doc.servers).toEqual([{ url: '/', description: 'This server' }]);
    expect(Object.keys(doc.components?.responses ?? {})).toContain('Unauthorized');
    expect(Object.keys(doc.components?.parameters ?? {})).toEqual(['McpProtocolVersion', 'McpSessionId', 'LastEventId']);
  });

  it('makes the /mcp and legacy examples concrete with the first x-mcp-tool operation', () => {
    const post = mcpOpenApiDocument(withTool).paths?.['/mcp']?.post;
    const examples = post?.requestBody && 'content' in post.requestBody ? post.requestBody.content['application/json']?.examples : undefined;
    expect(examples?.['call']).toEqual({ summary: 'Call a tool', value: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'sum', arguments: {} } } });
    const legacy = mcpOpenApiDocument({ info }).paths?.['/mcp']?.post;
    const listExample = legacy?.requestBody && 'content' in legacy.requestBody ? legacy.requestBody.content['application/json']?.examples?.['call'] : undefined;
    expect(listExample).toEqual({ summary: 'List tools', value: { jsonrpc: '2.0', id: 1, method: 'tools/list' } });
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

  it('rejects an unknown error status', () => {
    expect(() => openApiErrorRefs([418 as 400])).toThrow(/no shared response for HTTP 418/);
  });

  it('passes @redocly/openapi-core with zero errors and warnings, with and without project parts', async () => {
    for (const [name, doc] of [['bare', mcpOpenApiDocument({ info })], ['tool', mcpOpenApiDocument(withTool)]] as [string, OpenApiDocument][]) {
      const report = await lintOpenApi(doc, `${name}.json`);
      expect(report.errors, name).toEqual([]);
      expect(report.warnings, name).toEqual([]);
    }
  });
});

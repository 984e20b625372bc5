import { describe, expect, it } from 'vitest';
import { RpcError } from '../errors.js';
import { checkParamHeaders, checkRoutingHeaders, decodeHeaderValue, headerParams } from './headers.js';

const code = (fn: () => void): number | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof RpcError ? err.code : -1;
  }
};

describe('decodeHeaderValue', () => {
  it('decodes =?base64?...?= strictly and takes anything else literally', () => {
    expect(decodeHeaderValue('=?base64?SGVsbG8=?=')).toBe('Hello');
    expect(decodeHeaderValue('=?BASE64?SGVsbG8=?=')).toBe('Hello');
    expect(decodeHeaderValue('=?base64?5pel5pys?=')).toBe('日本');
    expect(decodeHeaderValue('SGVsbG8=')).toBe('SGVsbG8=');
    expect(decodeHeaderValue('=?base64?SGVsbG8=')).toBe('=?base64?SGVsbG8=');
    expect(decodeHeaderValue('=?base64?SGVsbG8?=')).toBeUndefined(); // missing padding
    expect(decodeHeaderValue('=?base64?SGVs!!!bG8=?=')).toBeUndefined(); // outside the alphabet
    expect(decodeHeaderValue('=?base64?//79?=')).toBeUndefined(); // not UTF-8
  });
});

describe('checkRoutingHeaders', () => {
  const params = { name: 'greet' };
  it('accepts matching headers, trimming optional whitespace', () => {
    expect(code(() => checkRoutingHeaders({ 'mcp-method': 'tools/call', 'mcp-name': '  greet  ' }, 'tools/call', params))).toBeUndefined();
    expect(code(() => checkRoutingHeaders({ 'mcp-method': 'tools/list' }, 'tools/list', {}))).toBeUndefined();
    expect(code(() => checkRoutingHeaders({ 'mcp-method': 'resources/read', 'mcp-name': '=?base64?dGVzdDovL3g=?=' }, 'resources/read', { uri: 'test://x' }))).toBeUndefined();
  });
  it('rejects missing, mismatched and case-changed values with -32020', () => {
    expect(code(() => checkRoutingHeaders({}, 'tools/list', {}))).toBe(-32020);
    expect(code(() => checkRoutingHeaders({ 'mcp-method': 'TOOLS/LIST' }, 'tools/list', {}))).toBe(-32020);
    expect(code(() => checkRoutingHeaders({ 'mcp-method': 'tools/call' }, 'tools/call', params))).toBe(-32020);
    expect(code(() => checkRoutingHeaders({ 'mcp-method': 'tools/call', 'mcp-name': 'other' }, 'tools/call', params))).toBe(-32020);
    expect(code(() => checkRoutingHeaders({ 'mcp-method': 'tasks/get', 'mcp-name': 'a' }, 'tasks/get', { taskId: 'b' }))).toBe(-32020);
  });
});

describe('checkParamHeaders', () => {
  const schema = { type: 'object', properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, n: { type: 'integer', 'x-mcp-header': 'N' }, other: { type: 'string' } } };
  it('finds the declared headers', () => {
    expect(headerParams(schema)).toEqual([
      ['region', 'Region'],
      ['n', 'N'],
    ]);
  });
  it('needs each present argument mirrored, literally or in Base64', () => {
    expect(code(() => checkParamHeaders({ 'mcp-param-region': 'eu' }, schema, { region: 'eu' }))).toBeUndefined();
    expect(code(() => checkParamHeaders({ 'mcp-param-region': '=?base64?ZXU=?=', 'mcp-param-n': '3' }, schema, { region: 'eu', n: 3 }))).toBeUndefined();
    expect(code(() => checkParamHeaders({}, schema, { other: 'x' }))).toBeUndefined();
    expect(code(() => checkParamHeaders({}, schema, { region: 'eu' }))).toBe(-32020);
    expect(code(() => checkParamHeaders({ 'mcp-param-region': 'us' }, schema, { region: 'eu' }))).toBe(-32020);
    expect(code(() => checkParamHeaders({ 'mcp-param-region': '=?base64?ZXU?=' }, schema, { region: 'eu' }))).toBe(-32020);
    expect(code(() => checkParamHeaders({ 'mcp-param-region': 'eu' }, schema, {}))).toBe(-32020);
  });
});

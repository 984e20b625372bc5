/**
 * Roles through the real app: hidden elements are absent from lists and refused on call/read/get on
 * every route, exactly like unknown ones; the right role sees and uses them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './app.js';
import { send } from './http.js';
import { openSession, type RawSession } from './mcp-client.js';

describe('roles', () => {
  let t: TestApp;
  let user: RawSession;
  let admin: RawSession;
  beforeAll(async () => {
    t = await startApp({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS_MAP: 'u:user;a:admin' });
    user = await openSession(t.url, { 'X-API-Key': 'u' });
    admin = await openSession(t.url, { 'X-API-Key': 'a' });
  });
  afterAll(() => t.close());

  const names = (list: Array<{ name: string }>) => list.map((x) => x.name);

  it('hides role-restricted elements from lists', async () => {
    expect(names((await user.rpc('tools/list')).body.result.tools)).not.toContain('admin.secret');
    expect(names((await user.rpc('resources/list')).body.result.resources)).not.toContain('admin-notes');
    expect(names((await user.rpc('prompts/list')).body.result.prompts)).not.toContain('admin.prompt');
    expect(names((await admin.rpc('tools/list')).body.result.tools)).toContain('admin.secret');
    expect(names((await admin.rpc('resources/list')).body.result.resources)).toContain('admin-notes');
    expect(names((await admin.rpc('prompts/list')).body.result.prompts)).toContain('admin.prompt');
  });

  it('refuses hidden elements exactly like unknown ones', async () => {
    const hidden = (await user.rpc('tools/call', { name: 'admin.secret', arguments: {} })).body;
    const unknown = (await user.rpc('tools/call', { name: 'no.such.tool', arguments: {} })).body;
    expect(hidden.error.code).toBe(unknown.error.code);
    expect(hidden.error.message.replace('admin.secret', 'X')).toBe(unknown.error.message.replace('no.such.tool', 'X'));
    expect(JSON.stringify(hidden)).not.toContain('the admin secret');
    const res = (await user.rpc('resources/read', { uri: 'info://admin-notes' })).body;
    expect(res.error).toBeDefined();
    expect(JSON.stringify(res)).not.toContain('admin notes');
    const pr = (await user.rpc('prompts/get', { name: 'admin.prompt' })).body;
    expect(pr.error).toBeDefined();
    expect((await admin.rpc('tools/call', { name: 'admin.secret', arguments: {} })).body.result.content[0].text).toBe('the admin secret');
  });

  it('completion on a hidden static resource answers like an unknown one', async () => {
    const complete = (who: RawSession, uri: string) => who.rpc('completion/complete', { ref: { type: 'ref/resource', uri }, argument: { name: 'x', value: '' } });
    const hidden = (await complete(user, 'info://admin-notes')).body;
    const unknown = (await complete(user, 'info://no-such-thing')).body;
    expect(hidden.error.code).toBe(unknown.error.code);
    expect(hidden.error.message.replace('info://admin-notes', 'X')).toBe(unknown.error.message.replace('info://no-such-thing', 'X'));
    expect((await complete(admin, 'info://admin-notes')).body.result.completion.values).toEqual([]);
  });

  it('a subscription to a hidden resource is answered like any other and never delivers its updates', async () => {
    expect((await user.rpc('resources/subscribe', { uri: 'info://admin-notes' })).body.result).toEqual({});
    expect((await user.rpc('resources/subscribe', { uri: 'info://about' })).body.result).toEqual({});
    const controller = new AbortController();
    const stream = await fetch(t.url, { headers: { ...user.headers(), Accept: 'text/event-stream' }, signal: controller.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let seen = '';
    const read = (async () => {
      const end = Date.now() + 5000;
      while (!seen.includes('info://about') && Date.now() < end) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += new TextDecoder().decode(value);
      }
    })();
    await new Promise((r) => setTimeout(r, 100)); // the stream is attached
    // in this order: were the hidden one subscribed, its update would arrive before the visible one's
    await t.server.notifyResourceUpdated('info://admin-notes');
    await t.server.notifyResourceUpdated('info://about');
    await read;
    controller.abort();
    expect(seen).toContain('info://about');
    expect(seen).not.toContain('admin-notes');
  });

  it('applies the same rule on legacy and REST routes', async () => {
    const call = await send(`${t.base}/mcp/call`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-Key': 'u' }, body: JSON.stringify({ kind: 'tool', name: 'admin.secret', args: {} }) });
    expect(call.text).not.toContain('the admin secret');
    expect(call.status).not.toBe(200);
    const batch = await send(`${t.base}/mcp/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': 'u' },
      body: JSON.stringify([{ kind: 'tool', name: 'admin.secret', args: {} }, { kind: 'tool', name: 'math.add', args: { a: 1, b: 2 } }]),
    });
    expect(batch.text).not.toContain('the admin secret');
    expect(batch.text).toContain('3');
    const list = await send(`${t.base}/mcp/list`, { headers: { 'X-API-Key': 'u' } });
    expect(list.text).not.toContain('admin.secret');
    expect(list.text).toContain('math.add');
    const rest = await send(`${t.base}/tools/admin.secret`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-Key': 'u' }, body: '{}' });
    expect(rest.status).toBe(404);
    const restAdmin = await send(`${t.base}/tools/admin.secret`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-Key': 'a' }, body: '{}' });
    expect(restAdmin.status).toBe(200);
    expect((await send(`${t.base}/resources/admin-notes`, { headers: { 'X-API-Key': 'u' } })).status).toBe(404);
  });
});

/**
 * Interop with the official 2.x client over stdio at 2026-07-28 (the server is a child process run by
 * runCli; needs the built runtime, `npm run build`), plus raw newline-delimited JSON-RPC for what the
 * 2.4 client cannot send (tasks, malformed envelopes).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const REV = '2026-07-28';
const script = fileURLToPath(new URL('./client2-stdio-server.mjs', import.meta.url));
let client: Client | undefined;
let child: ChildProcessWithoutNullStreams | undefined;

afterEach(async () => {
  await client?.close().catch(() => undefined);
  client = undefined;
  if (child !== undefined && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  child = undefined;
});

type Caps = NonNullable<NonNullable<ConstructorParameters<typeof Client>[1]>['capabilities']>;

async function connect(capabilities: Caps = {}, handlers: (c: Client) => void = () => undefined): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [script, 'stdio'], env: { ...process.env, MCP_LOG_LEVEL: 'warn' } as Record<string, string>, stderr: 'pipe' });
  client = new Client({ name: 'client2-stdio', version: '2.0.0' }, { capabilities, versionNegotiation: { mode: { pin: REV } } });
  handlers(client);
  await client.connect(transport);
  return client;
}

/** Raw line-by-line JSON-RPC with the stdio server: send a request, await the reply with its id. */
function rawServer(): { send: (msg: object) => void; reply: (id: number, ms?: number) => Promise<any>; lines: any[] } {
  child = spawn(process.execPath, [script, 'stdio'], { env: { ...process.env, MCP_LOG_LEVEL: 'warn' } });
  const lines: any[] = [];
  const waiters = new Map<number, (m: any) => void>();
  createInterface({ input: child.stdout }).on('line', (l) => {
    const m = JSON.parse(l);
    lines.push(m);
    if (m.id !== undefined && waiters.has(m.id) && ('result' in m || 'error' in m)) waiters.get(m.id)!(m);
  });
  return {
    lines,
    send: (msg) => child!.stdin.write(JSON.stringify(msg) + '\n'),
    reply: (id, ms = 5000) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no reply to ${id}`)), ms);
        waiters.set(id, (m) => {
          clearTimeout(t);
          resolve(m);
        });
      }),
  };
}

const meta = (caps: Record<string, unknown> = {}) => ({ 'io.modelcontextprotocol/protocolVersion': REV, 'io.modelcontextprotocol/clientCapabilities': caps });

describe('2.x client over stdio (2026-07-28)', () => {
  it('negotiates 2026-07-28 and calls tools with structured output', async () => {
    const c = await connect();
    expect(c.getProtocolEra()).toBe('modern');
    expect(c.getServerVersion()?.name).toBe('client2-stdio');
    const { tools } = await c.listTools();
    expect(tools.map((t) => t.name)).toEqual(['weather', 'ask.name', 'count', 'slow']);
    const r = await c.callTool({ name: 'weather', arguments: { city: 'Rome' } });
    expect(r.structuredContent).toEqual({ city: 'Rome', tempC: 21 });
    expect((await c.readResource({ uri: 'config://app' })).contents[0]).toMatchObject({ text: 'cfg' });
    const p = await c.getPrompt({ name: 'greet', arguments: { name: 'Ana' } });
    expect((p.messages[0]!.content as { text: string }).text).toBe('Hello Ana');
  });

  it('fulfils input-required results with the client handler and streams progress', async () => {
    const c = await connect({ elicitation: {} }, (cl) => cl.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { name: 'Kai' } })));
    const r = await c.callTool({ name: 'ask.name', arguments: {} });
    expect((r.content[0] as { text: string }).text).toBe('hello Kai');
    const progress: number[] = [];
    const counted = await c.callTool({ name: 'count', arguments: { n: 3 } }, { onprogress: (p) => progress.push(p.progress) });
    expect((counted.content[0] as { text: string }).text).toBe('done');
    expect(progress).toEqual([1, 2, 3]);
  });

  it('raw: envelope errors, logs only with a log level, tasks over stdio', async () => {
    const s = rawServer();
    s.send({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': REV } } });
    expect((await s.reply(1)).error.code).toBe(-32602);
    s.send({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: { ...meta(), 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } } });
    const unsupported = await s.reply(2);
    expect(unsupported.error).toMatchObject({ code: -32022, data: { supported: [REV], requested: '2099-01-01' } });
    s.send({ jsonrpc: '2.0', id: 3, method: 'ping', params: { _meta: meta() } });
    expect((await s.reply(3)).error.code).toBe(-32601);

    s.send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'count', arguments: { n: 2 }, _meta: { ...meta(), 'io.modelcontextprotocol/logLevel': 'info' } } });
    expect((await s.reply(4)).result.resultType).toBe('complete');
    s.send({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'count', arguments: { n: 2 }, _meta: meta() } });
    await s.reply(5);
    const logs = s.lines.filter((l) => l.method === 'notifications/message');
    expect(logs).toHaveLength(2); // only the call that set a level

    const caps = { extensions: { 'io.modelcontextprotocol/tasks': {} } };
    s.send({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'slow', arguments: { ms: 300 }, _meta: meta(caps) } });
    const created = (await s.reply(6)).result;
    expect(created).toMatchObject({ resultType: 'task', status: 'working' });
    let status = 'working';
    for (let i = 0, id = 100; i < 100 && status !== 'completed'; i++, id++) {
      await new Promise((r) => setTimeout(r, 20));
      s.send({ jsonrpc: '2.0', id, method: 'tasks/get', params: { taskId: created.taskId, _meta: meta(caps) } });
      const got = (await s.reply(id)).result;
      status = got.status;
      if (status === 'completed') expect(got.result.content[0].text).toBe('slept 300 ms');
    }
    expect(status).toBe('completed');
  });
});

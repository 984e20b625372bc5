/**
 * The 2025-11-25 tasks utility over stdio with the official SDK 1.x client (the server is a child
 * process run by runCli on the built runtime: `npm run build`).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { sdk1StdioClients } from './sdk1-stdio-client.js';
import { CallToolResultSchema, CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const script = fileURLToPath(new URL('./tasks-2025-stdio-server.mjs', import.meta.url));
const connect = sdk1StdioClients(script, 'tasks-2025-stdio');

describe('2025-11-25 tasks over stdio (SDK 1.x)', () => {
  it('creates a task, lists it, polls it and reads its result', async () => {
    const c = await connect();
    expect(c.getServerCapabilities()?.tasks).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
    await c.listTools();
    const types: string[] = [];
    let taskId = '';
    for await (const m of c.experimental.tasks.callToolStream({ name: 'slow', arguments: { ms: 150 } }, CallToolResultSchema, { task: {} })) {
      types.push(m.type);
      if (m.type === 'taskCreated') taskId = m.task.taskId;
      if (m.type === 'result') expect(m.result.content).toEqual([{ type: 'text', text: 'slept 150' }]);
      if (m.type === 'error') throw m.error;
    }
    expect(types[0]).toBe('taskCreated');
    expect(types.at(-1)).toBe('result');
    expect((await c.experimental.tasks.listTasks()).tasks.map((t) => t.taskId)).toEqual([taskId]);
  });

  it('sampling inside a required task goes out on the tasks/result exchange', async () => {
    const c = await connect({ sampling: {} });
    const metas: unknown[] = [];
    c.setRequestHandler(CreateMessageRequestSchema, (req) => {
      metas.push(req.params._meta);
      return { role: 'assistant', content: { type: 'text', text: 'pong' }, model: 'test' };
    });
    await c.listTools();
    let result: unknown;
    let taskId = '';
    for await (const m of c.experimental.tasks.callToolStream({ name: 'ask.model', arguments: {} }, CallToolResultSchema)) {
      if (m.type === 'taskCreated') taskId = m.task.taskId;
      if (m.type === 'result') result = m.result;
      if (m.type === 'error') throw m.error;
    }
    expect(result).toMatchObject({ content: [{ type: 'text', text: 'model: pong' }] });
    expect(metas).toEqual([{ 'io.modelcontextprotocol/related-task': { taskId } }]);
  });
});

/**
 * initialize, ping and the client's lifecycle notifications.
 */
import type { MethodSpec, NotificationHandler } from '../dispatch-types.js';
import { INVALID_PARAMS, RpcError } from '../errors.js';
import { negotiateRevision } from '../revisions.js';
import type { InitializeResult, ServerCapabilities } from '../types.js';
import { optionalObject } from './params.js';
import { HttpError } from '../../middleware/types.js';
import { TooManySessionsError } from '../../server/session-manager.js';
import { skillsCapability } from '../../skills/methods.js';
import { SKILLS_EXTENSION } from '../../skills/types.js';
import { tasksEnabled } from '../tasks/mode-2025.js';
import { canList, TASKS_REVISION, tasksCapability } from '../tasks/wire-2025.js';

export const initialize: MethodSpec = {
  bare: true,
  async handle(engine, request) {
    const p = request.params;
    if (typeof p?.['protocolVersion'] !== 'string') throw new RpcError(INVALID_PARAMS, 'Invalid params: protocolVersion must be a string');
    const clientInfo = optionalObject(p, 'clientInfo');
    const capabilities = optionalObject(p, 'capabilities') ?? {};
    const version = negotiateRevision(p['protocolVersion']);
    const ctx = request.context;
    ctx.protocolVersion = version;
    if (ctx.session !== undefined && ctx.session.local) {
      const s = ctx.session;
      s.protocolVersion = version;
      s.clientCapabilities = capabilities;
      s.clientInfo = clientInfo;
    } else if (ctx.transport === 'http' && !engine.stateless) {
      try {
        ctx.session = await engine.sessions.open(ctx.caller, version, clientInfo, capabilities);
      } catch (err) {
        if (err instanceof TooManySessionsError) throw new HttpError(503, 'too_many_sessions', `Server busy: ${err.message}`, {}, -32000);
        throw err;
      }
    }
    const info = engine.info;
    const serverInfo: Record<string, unknown> = { name: info.name, version: info.version };
    if (info.title !== undefined) serverInfo['title'] = info.title;
    if (version >= '2025-11-25') {
      if (info.description !== undefined) serverInfo['description'] = info.description;
      if (info.websiteUrl !== undefined) serverInfo['websiteUrl'] = info.websiteUrl;
      if (info.icons !== undefined) serverInfo['icons'] = info.icons;
    }
    const caps: ServerCapabilities = {
      logging: {},
      completions: {},
      prompts: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      tools: { listChanged: true },
    };
    // 2025-11-25 tasks utility (experimental there): offered to sessions when a tool allows task-augmented calls
    if (version === TASKS_REVISION && ctx.session !== undefined && tasksEnabled(engine)) caps['tasks'] = tasksCapability(canList(ctx));
    const skills = skillsCapability(engine);
    if (skills !== undefined) caps['extensions'] = { [SKILLS_EXTENSION]: skills };
    const result: { -readonly [K in keyof InitializeResult]: InitializeResult[K] } = {
      protocolVersion: version,
      capabilities: caps,
      serverInfo: serverInfo as unknown as InitializeResult['serverInfo'],
    };
    if (info.instructions !== undefined) result.instructions = info.instructions;
    return result;
  },
};

export const ping: MethodSpec = {
  bare: true,
  handle: () => ({}),
};

export const initialized: NotificationHandler = (engine, _params, context) => {
  const s = context.session;
  if (s === undefined || s.initialized) return;
  s.initialized = true;
  return engine.sessions.save(s, { initialized: true });
};

export const cancelled: NotificationHandler = (engine, params, context) => {
  const id = params?.['requestId'];
  if (typeof id !== 'string' && typeof id !== 'number') return;
  const reason = typeof params?.['reason'] === 'string' ? (params['reason'] as string) : 'cancelled by the client';
  const s = context.session;
  if (s === undefined) return;
  // the request may be running on another instance serving this session
  if (!s.cancel(id, reason) && !s.local) engine.instances.forward(s.id, { k: 'cancel', id, reason });
};

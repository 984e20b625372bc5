/**
 * The {@link HandlerContext} a handler receives: built per call, cheap until used
 * (logger, signal and server-to-client requests are created on demand).
 */
import type {
  CallerIdentity,
  ClientLogger,
  InputRequestOptions,
  ResourceContext,
  ServiceContainer,
} from '../handler/context.js';
import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
  LoggingLevel,
  Root,
} from '../protocol/types.js';
import { LOGGING_LEVELS } from '../protocol/types.js';
import type { ActiveRequest } from './active-request.js';
import type { Engine } from './engine.js';
import type { Outbound } from './types.js';

/** True when a message at `level` passes the session's minimum level. */
export function levelPasses(level: LoggingLevel, minimum: LoggingLevel | undefined): boolean {
  if (minimum === undefined) return true;
  return LOGGING_LEVELS.indexOf(level) >= LOGGING_LEVELS.indexOf(minimum);
}

export class CallContext implements ResourceContext {
  private logger: ClientLogger | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly request: ActiveRequest,
    readonly uri: string = '',
  ) {}

  get requestId(): string | number | undefined {
    return this.request.id;
  }

  get signal(): AbortSignal {
    return this.request.signal;
  }

  get caller(): CallerIdentity {
    return this.request.context.caller;
  }

  get protocolVersion(): string {
    return this.request.context.protocolVersion;
  }

  get sessionId(): string | undefined {
    const s = this.request.context.session;
    return s === undefined || s.local ? undefined : s.id;
  }

  get meta(): Readonly<Record<string, unknown>> | undefined {
    const m = this.request.params?.['_meta'];
    return typeof m === 'object' && m !== null ? (m as Record<string, unknown>) : undefined;
  }

  get services(): ServiceContainer {
    return this.engine.services;
  }

  /** Where related messages go: the request's own stream, else the session's GET stream. */
  private out(): Outbound | undefined {
    return this.request.context.outbound ?? this.request.context.session?.getStream;
  }

  get log(): ClientLogger {
    if (this.logger === undefined) {
      const send = (level: LoggingLevel, data: unknown, logger?: string): void => {
        const bridge = this.request.bridge;
        if (bridge !== undefined) {
          // 2026-07-28: no log level on the request means no log messages at all
          if (bridge.logLevel === undefined || !levelPasses(level, bridge.logLevel)) return;
        } else if (!levelPasses(level, this.request.context.session?.logLevel)) return;
        const out = this.out();
        if (out === undefined) return;
        const params: Record<string, unknown> = { level, data };
        if (logger !== undefined) params['logger'] = logger;
        out.send({ jsonrpc: '2.0', method: 'notifications/message', params });
      };
      const at = (level: LoggingLevel) => (message: string | object, data?: unknown) =>
        send(level, data === undefined ? message : { message, data });
      this.logger = {
        debug: at('debug'),
        info: at('info'),
        notice: at('notice'),
        warning: at('warning'),
        error: at('error'),
        critical: at('critical'),
        alert: at('alert'),
        emergency: at('emergency'),
        log: send,
      };
    }
    return this.logger;
  }

  progress(progress: number, total?: number, message?: string): Promise<void> {
    const token = this.meta?.['progressToken'];
    if (token === undefined || (typeof token !== 'string' && typeof token !== 'number')) return Promise.resolve();
    const out = this.out();
    if (out === undefined) return Promise.resolve();
    const params: Record<string, unknown> = { progressToken: token, progress };
    if (total !== undefined) params['total'] = total;
    if (message !== undefined) params['message'] = message;
    out.send({ jsonrpc: '2.0', method: 'notifications/progress', params });
    return Promise.resolve();
  }

  get clientCapabilities(): Readonly<Record<string, unknown>> | undefined {
    const bridge = this.request.bridge;
    return bridge !== undefined ? bridge.clientCapabilities : this.request.context.session?.clientCapabilities;
  }

  elicit(params: ElicitRequestParams, options?: InputRequestOptions): Promise<ElicitResult> {
    const bridge = this.request.bridge;
    if (bridge !== undefined) return bridge.request('elicitation/create', params, options?.key) as Promise<ElicitResult>;
    const caps = this.request.context.session?.clientCapabilities?.['elicitation'] as Record<string, unknown> | undefined;
    if (caps === undefined) return Promise.reject(new Error('the client does not support elicitation (no elicitation capability)'));
    if (params.mode === 'url' && caps['url'] === undefined) return Promise.reject(new Error('the client does not support URL-mode elicitation'));
    return this.engine.requestClient(this.request, 'elicitation/create', params) as Promise<ElicitResult>;
  }

  sample(params: CreateMessageRequestParams, options?: InputRequestOptions): Promise<CreateMessageResult> {
    const bridge = this.request.bridge;
    if (bridge !== undefined) return bridge.request('sampling/createMessage', params, options?.key) as Promise<CreateMessageResult>;
    if (this.request.context.session?.clientCapabilities?.['sampling'] === undefined) {
      return Promise.reject(new Error('the client does not support sampling (no sampling capability)'));
    }
    return this.engine.requestClient(this.request, 'sampling/createMessage', params) as Promise<CreateMessageResult>;
  }

  async listRoots(options?: InputRequestOptions): Promise<readonly Root[]> {
    const bridge = this.request.bridge;
    if (bridge !== undefined) {
      const answer = (await bridge.request('roots/list', {}, options?.key)) as { roots?: Root[] };
      return Array.isArray(answer?.roots) ? answer.roots : [];
    }
    if (this.request.context.session?.clientCapabilities?.['roots'] === undefined) {
      throw new Error('the client does not support roots (no roots capability)');
    }
    const result = (await this.engine.requestClient(this.request, 'roots/list', {})) as { roots?: Root[] };
    return Array.isArray(result?.roots) ? result.roots : [];
  }

  continueAsTask(): Promise<boolean> {
    return this.request.bridge?.continueAsTask?.() ?? Promise.resolve(false);
  }

  notifyResourceUpdated(uri: string): Promise<void> {
    return this.engine.notifyResourceUpdated(uri);
  }

  notifyListChanged(kind: 'tools' | 'resources' | 'prompts'): Promise<void> {
    return this.engine.notifyListChanged(kind);
  }

  closeSseStream(retryMs?: number): boolean {
    const out = this.request.context.outbound;
    return out?.closeConnection?.(retryMs) ?? false;
  }
}


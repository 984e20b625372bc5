/**
 * What observers (logs, metrics) are told when a request on the MCP mount finished. One class, one shape:
 * the request id and client address are read from the request's guard view on demand, since most
 * observers of a successful call never look at them.
 */
import type { CallerIdentity } from '../../handler/context.js';
import type { RequestRecord } from '../../middleware/types.js';
import type { GuardContext } from './guards.js';

export class FinishedRequest implements RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly caller?: CallerIdentity;
  readonly rpcMethod?: string;
  readonly error?: string;

  constructor(private readonly r: GuardContext, finishedAt: number) {
    this.method = r.method;
    this.path = r.path;
    this.status = r.res.statusCode;
    this.durationMs = finishedAt - r.startedAt;
    if (r.caller !== undefined) this.caller = r.caller;
    if (r.rpcMethod !== undefined) this.rpcMethod = r.rpcMethod;
    if (r.errorName !== undefined) this.error = r.errorName;
  }

  get requestId(): string {
    return this.r.requestId;
  }

  get ip(): string {
    return this.r.ip;
  }
}

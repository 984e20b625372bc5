/**
 * One request in flight: the dispatch's view of it, with an AbortSignal created only when read.
 */
import type { ClientBridge, MethodRequest } from '../protocol/dispatch-types.js';
import type { RequestId } from '../protocol/types.js';
import type { MessageContext } from './types.js';
import type { Abortable } from './session.js';

export class ActiveRequest implements MethodRequest, Abortable {
  private controller: AbortController | undefined;
  private external: AbortSignal | undefined;
  /** Set by a revision module that changes how the handler reaches the client (2026-07-28, tasks). */
  bridge: ClientBridge | undefined;

  constructor(
    readonly id: RequestId,
    readonly method: string,
    readonly params: Record<string, unknown> | undefined,
    readonly context: MessageContext,
    signal?: AbortSignal,
  ) {
    this.external = signal;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      const ext = this.external;
      if (ext !== undefined) {
        if (ext.aborted) this.controller.abort(ext.reason);
        else ext.addEventListener('abort', () => this.controller!.abort(ext.reason), { once: true });
      }
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return (this.controller?.signal.aborted ?? false) || (this.external?.aborted ?? false);
  }

  abort(reason?: unknown): void {
    (this.controller ??= new AbortController()).abort(reason);
  }
}

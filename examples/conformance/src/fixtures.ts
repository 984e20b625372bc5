// Shared test data of the conformance fixtures.

/** A 1x1 red PNG. */
export const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

/** A minimal WAV file (one silent sample). */
export const WAV_SILENCE = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=';

/** Wait `ms`, or reject as soon as `signal` aborts (so cancelled calls stop at once). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The string a form field of an accepted elicitation holds, or a fallback. */
export function field(result: { action: string; content?: Readonly<Record<string, unknown>> }, name: string, fallback = 'unknown'): string {
  const v = result.action === 'accept' ? result.content?.[name] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : fallback;
}

/** Text of a sampling answer (single block or first text block). */
export function sampledText(result: { content: unknown }): string {
  const blocks = Array.isArray(result.content) ? result.content : [result.content];
  for (const b of blocks) {
    if (typeof b === 'object' && b !== null && (b as { type?: unknown }).type === 'text') return String((b as { text?: unknown }).text ?? '');
  }
  return '';
}

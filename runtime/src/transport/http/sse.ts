/**
 * Server-Sent Events framing. Data is one line of JSON (JSON.stringify never emits raw CR/LF);
 * ids and event names are checked so nothing can inject a line.
 */

const BAD_FIELD = /[\r\n\0]/;

/** One SSE event as text. Invalid ids/names are dropped rather than sent. */
export function sseEvent(data: string, id?: string, event?: string): string {
  let out = '';
  if (event !== undefined && !BAD_FIELD.test(event)) out += `event: ${event}\n`;
  if (id !== undefined && !BAD_FIELD.test(id)) out += `id: ${id}\n`;
  // JSON has no raw newlines; a non-JSON payload is split into data lines as the SSE format requires.
  if (data.includes('\n') || data.includes('\r')) for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  else out += `data: ${data}\n`;
  return out + '\n';
}

/** True when `value` can be used as an SSE id or event name. */
export function isSafeSseField(value: string): boolean {
  return !BAD_FIELD.test(value);
}

/**
 * Result helpers for handlers: build tool results and content blocks without spelling the wire shapes.
 */
import type {
  Annotations,
  AudioContent,
  ContentBlock,
  EmbeddedResource,
  ImageContent,
  ResourceContents,
  ResourceLink,
  TextContent,
} from '../protocol/types.js';

/**
 * A complete tool result. Return one from a tool handler to control content, structured output,
 * `isError` and `_meta` yourself.
 *
 * @example
 * return new ToolResult({ content: [text('done')], structuredContent: { sum: 3 } });
 */
export class ToolResult<O = unknown> {
  readonly content: readonly ContentBlock[];
  readonly structuredContent: O | undefined;
  readonly isError: boolean;
  readonly meta: Readonly<Record<string, unknown>> | undefined;

  constructor(init: { content?: readonly ContentBlock[]; structuredContent?: O; isError?: boolean; meta?: Record<string, unknown> }) {
    this.content = init.content ?? [];
    this.structuredContent = init.structuredContent;
    this.isError = init.isError ?? false;
    this.meta = init.meta;
  }
}

/**
 * Build a {@link ToolResult}; a string `content` becomes one text block.
 *
 * @example
 * return toolResult({ content: 'sum is 3', structuredContent: { sum: 3 } });
 */
export function toolResult<O = unknown>(init: {
  content?: string | ContentBlock | readonly ContentBlock[];
  structuredContent?: O;
  isError?: boolean;
  meta?: Record<string, unknown>;
}): ToolResult<O> {
  const c = init.content;
  const content = c === undefined ? [] : typeof c === 'string' ? [text(c)] : isContentArray(c) ? c : [c];
  const out: { content: readonly ContentBlock[]; structuredContent?: O; isError?: boolean; meta?: Record<string, unknown> } = { content };
  if (init.structuredContent !== undefined) out.structuredContent = init.structuredContent;
  if (init.isError !== undefined) out.isError = init.isError;
  if (init.meta !== undefined) out.meta = init.meta;
  return new ToolResult<O>(out);
}

function isContentArray(c: ContentBlock | readonly ContentBlock[]): c is readonly ContentBlock[] {
  return Array.isArray(c);
}

/**
 * A tool error the model can read (`isError: true`), as opposed to a protocol error.
 *
 * @example
 * if (b === 0) return toolError('division by zero');
 */
export function toolError(message: string): ToolResult<never> {
  return new ToolResult<never>({ content: [text(message)], isError: true });
}

/** A text content block. @example text('hello') */
export function text(value: string, annotations?: Annotations): TextContent {
  return annotations ? { type: 'text', text: value, annotations } : { type: 'text', text: value };
}

function toBase64(data: string | Uint8Array): string {
  return typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** An image block; bytes are base64-encoded, a string is taken as base64 already. @example image(png, 'image/png') */
export function image(data: string | Uint8Array, mimeType: string, annotations?: Annotations): ImageContent {
  const block: ImageContent = { type: 'image', data: toBase64(data), mimeType };
  return annotations ? { ...block, annotations } : block;
}

/** An audio block. @example audio(wav, 'audio/wav') */
export function audio(data: string | Uint8Array, mimeType: string, annotations?: Annotations): AudioContent {
  const block: AudioContent = { type: 'audio', data: toBase64(data), mimeType };
  return annotations ? { ...block, annotations } : block;
}

/**
 * A link to a resource the client may read later.
 *
 * @example
 * resourceLink('file:///logs/today.txt', 'today', { mimeType: 'text/plain' })
 */
export function resourceLink(uri: string, name: string, extra: Omit<ResourceLink, 'type' | 'uri' | 'name'> = {}): ResourceLink {
  return { type: 'resource_link', uri, name, ...extra };
}

/**
 * A resource embedded in the result: text, or bytes (sent as a base64 blob).
 *
 * @example
 * embeddedResource('config://app', '{"debug":true}', 'application/json')
 */
export function embeddedResource(uri: string, body: string | Uint8Array | ResourceContents, mimeType?: string): EmbeddedResource {
  let resource: ResourceContents;
  if (typeof body === 'string') resource = mimeType ? { uri, text: body, mimeType } : { uri, text: body };
  else if (body instanceof Uint8Array) resource = mimeType ? { uri, blob: toBase64(body), mimeType } : { uri, blob: toBase64(body) };
  else resource = body;
  return { type: 'resource', resource };
}

/**
 * Thrown (or returned) by generated stubs until the user writes the handler. A tool answers an
 * `isError` result naming the file to edit; other kinds answer an internal error with that message.
 *
 * @example
 * throw new NotImplementedError('tool', 'math.add', 'src/handlers/tools/math.add.ts');
 */
export class NotImplementedError extends Error {
  constructor(
    readonly kind: 'tool' | 'resource' | 'resourceTemplate' | 'prompt' | 'completion',
    readonly element: string,
    readonly file: string,
  ) {
    super(`${kind === 'resourceTemplate' ? 'resource template' : kind} ${element} is not implemented: edit ${file}`);
    this.name = 'NotImplementedError';
  }
}

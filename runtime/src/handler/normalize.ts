/**
 * Turn what handlers return into wire results: tool results (with structured output and its text copy),
 * resource contents, and prompt messages.
 */
import type { ResourceBody, ToolDefinition, PromptDefinition } from '../registry/types.js';
import type { CallToolResult, ContentBlock, GetPromptResult, PromptMessage, ResourceContents } from '../protocol/types.js';
import { INTERNAL_ERROR, RpcError } from '../protocol/errors.js';
import { formatValidationErrors } from '../protocol/validation-errors.js';
import { NotImplementedError, ToolResult } from './results.js';

/** A tool result that reports an error to the model (`isError: true`). */
export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

function isContentBlock(v: unknown): v is ContentBlock {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function toContent(value: unknown): readonly ContentBlock[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (Array.isArray(value) && value.every(isContentBlock)) return value;
  if (isContentBlock(value)) return [value];
  if (value === undefined || value === null) return [];
  return [{ type: 'text', text: typeof value === 'object' ? JSON.stringify(value) : String(value) }];
}

function checkOutput(def: ToolDefinition, value: unknown): CallToolResult | undefined {
  if (def.validateOutput !== undefined && !def.validateOutput(value)) {
    return errorResult(`Tool ${def.name} returned output that does not match its output schema: ${formatValidationErrors('output', def.validateOutput.errors)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return errorResult(`Tool ${def.name} must return an object (its output schema describes structuredContent)`);
  }
  return undefined;
}

/** Wire result of a tool handler's return value. */
export function normalizeToolReturn(def: ToolDefinition, out: unknown): CallToolResult {
  if (out instanceof NotImplementedError) return errorResult(out.message);
  if (out instanceof ToolResult) {
    const r: { content: readonly ContentBlock[]; structuredContent?: Record<string, unknown>; isError?: boolean; _meta?: Record<string, unknown> } = { content: out.content };
    if (out.structuredContent !== undefined) {
      if (def.outputSchema !== undefined && !out.isError) {
        const bad = checkOutput(def, out.structuredContent);
        if (bad) return bad;
      }
      r.structuredContent = out.structuredContent as Record<string, unknown>;
      if (r.content.length === 0) r.content = [{ type: 'text', text: JSON.stringify(out.structuredContent) }];
    } else if (def.outputSchema !== undefined && !out.isError) {
      return errorResult(`Tool ${def.name} declares an output schema but returned no structuredContent`);
    }
    if (out.isError) r.isError = true;
    if (out.meta !== undefined) r._meta = out.meta;
    return r;
  }
  if (def.outputSchema !== undefined) {
    const bad = checkOutput(def, out);
    if (bad) return bad;
    return { content: [{ type: 'text', text: JSON.stringify(out) }], structuredContent: out as Record<string, unknown> };
  }
  return { content: toContent(out) };
}

function toBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** Wire contents of a resource handler's return value. */
export function normalizeResourceBody(uri: string, mimeType: string | undefined, body: ResourceBody): ResourceContents[] {
  const withMime = <T extends object>(o: T, m: string | undefined): T => (m === undefined ? o : { ...o, mimeType: m });
  if (typeof body === 'string') return [withMime({ uri, text: body }, mimeType)];
  if (body instanceof Uint8Array) return [withMime({ uri, blob: toBase64(body) }, mimeType)];
  if (Array.isArray(body)) return body as ResourceContents[];
  const o = body as { text?: unknown; blob?: unknown; mimeType?: string };
  if (typeof o.text === 'string') return [withMime({ uri, text: o.text }, o.mimeType ?? mimeType)];
  if (typeof o.blob === 'string') return [withMime({ uri, blob: o.blob }, o.mimeType ?? mimeType)];
  if (o.blob instanceof Uint8Array) return [withMime({ uri, blob: toBase64(o.blob) }, o.mimeType ?? mimeType)];
  throw new RpcError(INTERNAL_ERROR, `resource ${uri}: the handler returned neither text, bytes nor contents`);
}

/** Wire result of a prompt handler's return value. */
export function normalizePromptReturn(def: PromptDefinition, out: unknown): GetPromptResult {
  let description = def.description;
  let messages: readonly PromptMessage[];
  if (typeof out === 'string') messages = [{ role: 'user', content: { type: 'text', text: out } }];
  else if (Array.isArray(out)) messages = out as PromptMessage[];
  else if (typeof out === 'object' && out !== null && Array.isArray((out as { messages?: unknown }).messages)) {
    const o = out as { description?: string; messages: PromptMessage[] };
    messages = o.messages;
    if (o.description !== undefined) description = o.description;
  } else throw new RpcError(INTERNAL_ERROR, `prompt ${def.name}: the handler returned neither a string nor messages`);
  return description === undefined ? { messages } : { description, messages };
}

/** The official SDK client, connected through the cluster's proxy, recording what it receives. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
  type ClientCapabilities,
} from '@modelcontextprotocol/sdk/types.js';

export interface TestClient {
  readonly client: Client;
  readonly transport: StreamableHTTPClientTransport;
  /** URIs of `notifications/resources/updated`, in arrival order. */
  readonly updated: string[];
  /** How many `notifications/tools/list_changed` arrived. */
  readonly listChanged: { count: number };
  /** Errors the transport reported (disconnects are expected in some tests). */
  readonly errors: string[];
  close(): Promise<void>;
}

export async function connectClient(
  url: string,
  headers: Record<string, string> = {},
  capabilities: ClientCapabilities = {},
): Promise<TestClient> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers },
    reconnectionOptions: { initialReconnectionDelay: 50, maxReconnectionDelay: 200, reconnectionDelayGrowFactor: 1.5, maxRetries: 20 },
  });
  const client = new Client({ name: 'scale-test', version: '1.0.0' }, { capabilities });
  const updated: string[] = [];
  const listChanged = { count: 0 };
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanged.count++;
  });
  const errors: string[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
    updated.push(n.params.uri);
  });
  client.onerror = (error) => errors.push(error.message);
  await client.connect(transport);
  return {
    client,
    transport,
    updated,
    listChanged,
    errors,
    close: async () => {
      await transport.terminateSession().catch(() => undefined);
      await client.close().catch(() => undefined);
    },
  };
}

/** First text block of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  const first = content[0];
  if (first?.type !== 'text' || first.text === undefined) throw new Error(`expected a text result, got ${JSON.stringify(result)}`);
  return first.text;
}

/** Poll until `condition` holds, bounded in time. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The upstream that answered the first GET (SSE stream) recorded after hop `from`. */
export async function getStreamHolder(hops: readonly { method: string; upstream: number }[], from: number): Promise<number> {
  let found: number | undefined;
  await waitUntil(
    () => {
      found = hops.slice(from).find((h) => h.method === 'GET')?.upstream;
      return found !== undefined;
    },
    5000,
    'the GET stream',
  );
  return found!;
}

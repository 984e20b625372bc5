/**
 * The OpenAPI documents stay what they were before the fixed MCP parts moved into the runtime
 * (`mcpOpenApiDocument`): for every mcp.yaml of the repository the document equals, byte for byte as
 * JSON, the snapshot taken from the previous generator (__snapshots__/openapi-documents/). For the
 * projects with committed output, the `openapi` exported by their openapi.gen.ts equals it too, and a
 * real app made by their app.gen.ts serves the same /docs.json bytes as the runtime serving the snapshot.
 * A deliberate change to the document: `npx vitest run test/golden/openapi-documents.test.ts -u`, review the diff.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { buildOpenApiDocument } from '../../generator/src/emit/openapi/index.js';
import { loadConfig } from '../../generator/src/write/load-config.js';
import { repoRoot, repositoryConfigs, requireBuilt } from './support.js';

const configs = repositoryConfigs();
const snapshotOf = (config: string) => `__snapshots__/openapi-documents/${path.relative(repoRoot, path.dirname(config)).split(path.sep).join('__')}.json.snap`;
const asText = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;

interface GeneratedApp {
  createApp(options?: object): { listen(port?: number, host?: string): Promise<{ url: string }>; close(): Promise<void> };
  createServer(): unknown;
}

/** GET /docs.json from an app on an ephemeral port; the app is always closed. */
async function servedDocs(app: ReturnType<GeneratedApp['createApp']>): Promise<string> {
  try {
    const { url } = await app.listen(0, '127.0.0.1');
    const res = await fetch(new URL('/docs.json', url), { signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    return await res.text();
  } finally {
    await app.close();
  }
}

describe('OpenAPI documents are unchanged by the runtime builder', () => {
  test('finds the examples, fixtures and the bench app', () => {
    const names = configs.map((c) => path.relative(repoRoot, c));
    for (const name of ['examples/quickstart/mcp.yaml', 'examples/notes/mcp.yaml', 'examples/conformance/mcp.yaml', 'bench/app/mcp.yaml']) expect(names).toContain(name);
  });

  for (const config of configs) {
    const name = path.relative(repoRoot, path.dirname(config));
    test(`${name}: buildOpenApiDocument(model) is the snapshot`, async () => {
      const { model } = await loadConfig(config);
      await expect(asText(buildOpenApiDocument(model!))).toMatchFileSnapshot(snapshotOf(config));
    });

    const generated = path.join(path.dirname(config), 'src/generated');
    if (!existsSync(path.join(generated, 'openapi.gen.ts'))) continue;
    test(`${name}: src/generated exports the snapshot and serves it unchanged at /docs.json`, async () => {
      requireBuilt();
      const snapshot = readFileSync(path.join(import.meta.dirname, snapshotOf(config)), 'utf8');
      const { openapi } = (await import(pathToFileURL(path.join(generated, 'openapi.gen.ts')).href)) as { openapi: unknown };
      expect(asText(openapi)).toBe(snapshot);

      const runtime = await import('@mcp-gen/runtime');
      const { createApp, createServer } = (await import(pathToFileURL(path.join(generated, 'app.gen.ts')).href)) as GeneratedApp;
      const before = await servedDocs(runtime.createApp(createServer() as Parameters<typeof runtime.createApp>[0], { openapi: JSON.parse(snapshot) as object }));
      const after = await servedDocs(createApp());
      expect(after).toBe(before);
      expect(JSON.parse(after)).toMatchObject({ openapi: '3.1.0', paths: { '/mcp': {} } });
    }, 60_000);
  }
});

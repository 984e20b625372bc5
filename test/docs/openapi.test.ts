/**
 * Every mcp.yaml of the repository (examples, golden fixtures, valid config fixtures, the bench app)
 * yields an OpenAPI 3.1 document that an independent validator accepts with zero errors, and the
 * document committed as examples/notes/src/generated/openapi.gen.ts is exactly what the emitter builds.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../generator/src/emit/openapi/index.js';
import { loadConfig } from '../../generator/src/write/load-config.js';
import { lintOpenApi } from './redocly.js';

const root = path.resolve(import.meta.dirname, '../..');

/** mcp.yaml files at most `depth` folders below `dir` (node_modules, dist and out skipped). */
function findConfigs(dir: string, depth: number): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === 'mcp.yaml') found.push(full);
    else if (entry.isDirectory() && depth > 0 && !['node_modules', 'dist', 'out', 'src'].includes(entry.name)) found.push(...findConfigs(full, depth - 1));
  }
  return found.sort();
}

const configs = [
  ...findConfigs(path.join(root, 'examples'), 1),
  ...findConfigs(path.join(root, 'test/golden/fixtures'), 1),
  ...findConfigs(path.join(root, 'test/config/valid'), 2),
  ...findConfigs(path.join(root, 'bench'), 1),
];

describe('OpenAPI documents of every mcp.yaml', () => {
  it('finds the examples and fixtures', () => {
    expect(configs.map((c) => path.relative(root, c))).toContain(path.join('examples', 'notes', 'mcp.yaml'));
    expect(configs.length).toBeGreaterThanOrEqual(3);
  });

  for (const file of configs) {
    const name = path.relative(root, file);
    it(`${name}: zero errors and no unexpected warnings from @redocly/openapi-core`, async () => {
      const { model, diagnostics } = await loadConfig(file);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const report = await lintOpenApi(buildOpenApiDocument(model!), name.replace(/[\\/]/g, '_'));
      expect(report.errors).toEqual([]);
      // Element schemas are the user's, verbatim: style warnings inside them (e.g. `required` under
      // `then`) are theirs to keep. Everything mcp-gen itself writes must be warning-free.
      expect(report.warnings.filter((w) => !/ at #\/components\/schemas\/[^/]+(Input|Output|Params|Arguments)\//.test(w))).toEqual([]);
    });
  }

  // The notes example is this area's; other projects check their own output with `mcp-gen build --check`.
  for (const file of configs.filter((c) => c.endsWith(path.join('examples', 'notes', 'mcp.yaml')))) {
    const dir = path.dirname(file);
    const generated = path.join(dir, 'src/generated/openapi.gen.ts');
    it(`${path.relative(root, generated)} is the emitter's current output`, async () => {
      expect(existsSync(generated), `${generated} is missing: run npm run build -w ${path.relative(root, dir)}`).toBe(true);
      const { model } = await loadConfig(file);
      const { openapi } = (await import(pathToFileURL(generated).href)) as { openapi: unknown };
      expect(openapi).toEqual(buildOpenApiDocument(model!));
    });
  }
});

/**
 * The user's files are never changed: a filled-in handler survives rebuilds byte for byte while mcp.yaml gains,
 * loses and renames elements; handlers left behind are reported as orphans, never deleted; a handler whose
 * signature drifts from mcp.yaml fails to type-check in the user's own file. Failing builds (invalid mcp.yaml or
 * an emitter failure) leave the previous output byte-identical.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { build } from '../../generator/src/write/build.js';
import { loadConfig } from '../../generator/src/write/load-config.js';
import { listFiles, removeProject, requireBuilt, tempProject, typecheck } from '../golden/support.js';

const BASE = `mcp: 1
server: { name: keep, version: "1.0.0" }
tools:
  - name: add
    input:
      type: object
      properties: { a: { type: number }, b: { type: number } }
      required: [a, b]
    output:
      type: object
      properties: { sum: { type: number } }
      required: [sum]
  - name: shout
    input:
      type: object
      properties: { text: { type: string } }
      required: [text]
prompts:
  - name: hello
    arguments:
      - name: who
        required: true
`;

const FILLED_ADD = `import type { Tools } from '../../generated/contracts.gen.js';

// Edited by the user: must survive every build byte for byte.
export default (async ({ a, b }, ctx) => {
  ctx.log.info('adding');
  return { sum: a + b };
}) satisfies Tools['add'];
`;

const dirs: string[] = [];
function project(yaml: string): string {
  const dir = tempProject({ yaml });
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) removeProject(d);
});

function snapshot(dir: string, prefix: string): Map<string, string> {
  return new Map(listFiles(dir).filter((f) => f.startsWith(prefix)).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('user code is preserved', () => {
  test('an edited stub stays byte-identical while elements are added, removed and renamed; orphans are reported', async () => {
    const dir = project(BASE);
    const config = join(dir, 'mcp.yaml');
    expect((await build({ config })).stubsCreated).toContain('src/handlers/tools/add.ts');
    const addFile = join(dir, 'src/handlers/tools/add.ts');
    writeFileSync(addFile, FILLED_ADD);
    const mtime = statSync(addFile).mtimeMs;

    // add a tool, rename shout -> yell, remove the prompt
    writeFileSync(
      config,
      BASE.replace('  - name: shout', '  - name: yell').replace(/prompts:[\s\S]*$/, '') +
        `  - name: echo
    input: { type: object, properties: { text: { type: string } } }
`,
    );
    const second = await build({ config });
    expect(second.status).toBe('ok');
    expect([...second.stubsCreated].sort()).toEqual(['src/handlers/tools/echo.ts', 'src/handlers/tools/yell.ts']);
    expect(second.orphans).toEqual(['src/handlers/prompts/hello.ts', 'src/handlers/tools/shout.ts']);
    expect(readFileSync(addFile, 'utf8')).toBe(FILLED_ADD);
    expect(statSync(addFile).mtimeMs).toBe(mtime);
    // orphans are the user's: still there
    expect(existsSync(join(dir, 'src/handlers/tools/shout.ts'))).toBe(true);
    expect(existsSync(join(dir, 'src/handlers/prompts/hello.ts'))).toBe(true);
    // and the registry no longer imports them
    const registry = readFileSync(join(dir, 'src/generated/registry.gen.ts'), 'utf8');
    expect(registry).not.toContain('shout');
    expect(registry).toContain("'../handlers/tools/yell.js'");
  });

  test('a handler that drifts from mcp.yaml fails tsc in the user file', async () => {
    requireBuilt();
    const dir = project(BASE);
    const config = join(dir, 'mcp.yaml');
    await build({ config });
    writeFileSync(join(dir, 'src/handlers/tools/add.ts'), FILLED_ADD);
    expect(typecheck([dir])).toEqual([]);

    // mcp.yaml now says the output is { total }; the user's handler still returns { sum }
    writeFileSync(config, BASE.replace('properties: { sum: { type: number } }\n      required: [sum]', 'properties: { total: { type: number } }\n      required: [total]'));
    expect((await build({ config })).status).toBe('ok');
    expect(readFileSync(join(dir, 'src/handlers/tools/add.ts'), 'utf8')).toBe(FILLED_ADD);
    const errors = typecheck([dir]);
    expect(errors.some((e) => e.includes('src/handlers/tools/add.ts') && /total|sum/.test(e)), errors.join('\n')).toBe(true);
  }, 120_000);

  test('a handler without its own satisfies check still fails tsc when it drifts: lazyHandler<Contract> checks the default export', async () => {
    requireBuilt();
    const dir = project(BASE);
    const config = join(dir, 'mcp.yaml');
    await build({ config });
    // The user dropped the `satisfies` line and returns the wrong shape.
    writeFileSync(join(dir, 'src/handlers/tools/add.ts'), 'export default async (input: { a: number; b: number }) => ({ total: input.a + input.b });\n');
    const errors = typecheck([dir]);
    expect(errors.some((e) => e.includes('src/generated/registry.gen.ts') && e.includes('add')), errors.join('\n')).toBe(true);
    // ...and a handler module without a default export at all.
    writeFileSync(join(dir, 'src/handlers/tools/add.ts'), 'export const add = 1;\n');
    const missing = typecheck([dir]);
    expect(missing.some((e) => e.includes('src/generated/registry.gen.ts') && /default/.test(e)), missing.join('\n')).toBe(true);
  }, 120_000);

  test('a handler file without a default export is reported as a warning and left alone', async () => {
    const dir = project(BASE);
    const config = join(dir, 'mcp.yaml');
    await build({ config });
    const text = 'export const notDefault = 1;\n';
    writeFileSync(join(dir, 'src/handlers/tools/shout.ts'), text);
    const report = await build({ config, force: true });
    expect(report.warnings).toEqual(['src/handlers/tools/shout.ts has no default export: registry.gen.ts imports its default export']);
    expect(readFileSync(join(dir, 'src/handlers/tools/shout.ts'), 'utf8')).toBe(text);
  }, 60_000);
});

describe('atomicity', () => {
  test('an invalid mcp.yaml writes nothing and leaves the previous output byte-identical', async () => {
    const dir = project(BASE);
    const config = join(dir, 'mcp.yaml');
    await build({ config });
    const before = snapshot(dir, 'src/');
    writeFileSync(config, `${BASE}  - name: "bad name!"\n`.replace('prompts:', 'tools2:'));
    const report = await build({ config });
    expect(report.status).toBe('invalid');
    expect(report.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(report.written).toEqual([]);
    expect(snapshot(dir, 'src/')).toEqual(before);
  });

  test('an emitter failure writes nothing and leaves the previous output byte-identical', async () => {
    const dir = project(BASE);
    const config = join(dir, 'mcp.yaml');
    await build({ config });
    const before = snapshot(dir, 'src/');
    const { model } = await loadConfig(config);
    if (!model) throw new Error('fixture must load');
    // A $ref that resolves nowhere: the config accepts the shape, Ajv cannot compile it.
    const broken = { ...model, tools: [{ ...model.tools[0]!, name: 'added', input: { type: 'object', properties: { p: { $ref: '#/$defs/Nowhere' } } } }, ...model.tools] };
    const report = await build({ config, model: broken });
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/emitter/);
    expect(snapshot(dir, 'src/')).toEqual(before);
    expect(listFiles(dir).some((f) => f.includes('.tmp'))).toBe(false);
  });
});

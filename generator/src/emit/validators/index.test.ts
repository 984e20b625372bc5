import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { removeProject, tempProject } from '../../../../test/golden/support.js';
import { loadProjectText } from '../../config/index.js';
import type { Model } from '../../model/types.js';
import { emitValidators, rewriteRequires } from './index.js';

function model(yaml: string): Model {
  const { model: m, diagnostics } = loadProjectText('/virtual/mcp.yaml', `mcp: 1\nserver: { name: t, version: "1" }\n${yaml}`);
  if (!m) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return m;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeProject));

type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] | null };

/** Writes the emitted module into a temp project (node_modules linked) and imports it. */
async function load(m: Model): Promise<Record<string, Validate>> {
  const dir = tempProject({ yaml: 'mcp: 1\n' });
  dirs.push(dir);
  mkdirSync(join(dir, 'gen'));
  const file = join(dir, 'gen', 'validators.gen.js');
  writeFileSync(file, emitValidators(m).js);
  return (await import(pathToFileURL(file).href)) as Record<string, Validate>;
}

describe('validators emitter', () => {
  test('emits working validators that import helpers from @mcp-gen/runtime/validation only', async () => {
    const m = model(`tools:
  - name: mail
    input:
      type: object
      properties:
        to: { type: string, format: email }
        nick: { type: string, minLength: 2 }
        tags: { type: array, uniqueItems: true }
        mode: { const: { a: 1 } }
        at: { type: string, format: date-time }
      required: [to]
    output: { type: object, properties: { ok: { type: boolean } }, required: [ok] }
`);
    const { js, dts, exportNames } = emitValidators(m);
    expect(exportNames).toEqual(['toolMailInput', 'toolMailOutput']);
    expect(js).not.toContain('require(');
    expect(js).toMatch(/^import \{ equal, fullFormats, ucs2length \} from '@mcp-gen\/runtime\/validation';/);
    expect(dts).toContain('export declare const toolMailInput: Validator;');
    const v = await load(m);
    const input = v.toolMailInput as Validate;
    expect(input({ to: 'a@b.co' })).toBe(true);
    expect(input({ to: 'not mail' })).toBe(false);
    expect(input.errors?.[0]).toMatchObject({ instancePath: '/to', keyword: 'format' });
    expect(input({ to: 'a@b.co', nick: '😀' })).toBe(false); // one code point, not two UTF-16 units
    expect(input({ to: 'a@b.co', tags: [{ x: 1 }, { x: 1 }] })).toBe(false);
    expect(input({ to: 'a@b.co', mode: { a: 1 } })).toBe(true);
    expect(input({ to: 'a@b.co', at: '2026-11-27T00:00:00Z' })).toBe(true);
    expect(input({ to: 'a@b.co', at: '2026-13-45T99:00:00Z' })).toBe(false);
    expect((v.toolMailOutput as Validate)({ ok: 'yes' })).toBe(false);
  });

  test('hundreds of schemas compile in chunks without name clashes', async () => {
    const tools = Array.from({ length: 230 }, (_, i) => `  - name: t${i}\n    input: { type: object, properties: { n${i}: { type: integer, minimum: ${i} } }, required: [n${i}] }\n`).join('');
    const v = await load(model(`tools:\n${tools}`));
    expect((v.toolT0Input as Validate)({ n0: 0 })).toBe(true);
    expect((v.toolT229Input as Validate)({ n229: 228 })).toBe(false);
    expect((v.toolT229Input as Validate)({ n229: 229 })).toBe(true);
    expect((v.toolT200Input as Validate)({ n0: 500 })).toBe(false);
  });

  test('identical schemas compile once and are re-exported', async () => {
    const m = model('tools:\n  - name: a\n    input: { type: object, properties: { x: { type: integer } } }\n  - name: b\n    input: { type: object, properties: { x: { type: integer } } }\n');
    const { js } = emitValidators(m);
    expect(js).toContain('export const toolBInput = toolAInput;');
    const v = await load(m);
    expect((v.toolBInput as Validate)({ x: 1.5 })).toBe(false);
    expect((v.toolBInput as Validate)({ x: 1 })).toBe(true);
  });

  test('properties named like inherited object members (toString, constructor) are checked as own properties', async () => {
    const v = await load(
      model(`tools:
  - name: odd
    input:
      type: object
      properties: { toString: { type: string }, constructor: { type: integer }, plain: { type: string } }
      required: [constructor]
  - name: plain
    input: { type: object, properties: { a: { type: string } } }
`),
    );
    const validate = v['toolOddInput'] as Validate;
    const parse = (json: string): unknown => JSON.parse(json);
    // `{}` inherits toString and constructor: Ajv's default `data.x !== undefined` would see them
    expect(validate(parse('{"constructor": 1}'))).toBe(true);
    expect(validate(parse('{}'))).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toEqual(['required']);
    expect(validate(parse('{"constructor": 1, "toString": 5}'))).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(['/toString']);
    // schemas without such names keep Ajv's faster plain property reads
    const { js } = emitValidators(model(`tools:\n  - name: plain\n    input: { type: object, properties: { a: { type: string } } }\n`));
    expect(js).not.toContain('hasOwnProperty');
  });

  test('an unknown runtime require is an emitter error, not broken output', () => {
    expect(() => rewriteRequires('const f = require("ajv/dist/runtime/timestamp").default;')).toThrow(/ajv\/dist\/runtime\/timestamp/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadProject, loadProjectSync, loadProjectText } from './index.js';

const fixtures = join(import.meta.dirname, '../../../test/config/valid');
const tmp = mkdtempSync(join(tmpdir(), 'mcp-gen-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function load(yaml: string) {
  return loadProjectText(join(tmp, 'mcp.yaml'), yaml, { displayName: 'mcp.yaml' });
}

const head = 'mcp: 1\nserver: { name: t, version: "1.0" }\n';

describe('the reference example', () => {
  test('normalizes to the expected model', async () => {
    const r = await loadProject(join(fixtures, 'full.yaml'), { displayName: 'mcp.yaml' });
    expect(r.diagnostics).toEqual([]);
    const m = r.model!;
    expect(m.mcp).toBe(1);
    expect(m.server).toEqual({
      name: 'demo',
      version: '0.1.0',
      title: 'Demo',
      instructions: 'Use math.add to add numbers.',
      description: 'A demo server.',
      websiteUrl: 'https://example.com',
      icons: [{ src: 'https://example.com/icon.png', mimeType: 'image/png', sizes: ['48x48'] }],
    });
    expect(m.settings).toEqual({ rateLimit: '100/m', authMode: 'apikey', allowedOrigins: ['http://localhost:3000'] });
    expect(m.tools.map((t) => [t.name, t.ident, t.varName, t.handlerPath])).toEqual([
      ['math.add', 'MathAdd', 'toolMathAdd', 'tools/math.add'],
      ['ping', 'Ping', 'toolPing', 'tools/ping'],
      ['geo.locate', 'GeoLocate', 'toolGeoLocate', 'tools/geo.locate'],
    ]);
    expect(m.tools[0]).toEqual({
      kind: 'tool',
      name: 'math.add',
      title: 'Add',
      description: 'Add two integers.',
      input: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, required: ['a', 'b'] },
      output: { type: 'object', properties: { sum: { type: 'integer' } }, required: ['sum'] },
      annotations: { readOnlyHint: true },
      icons: [{ src: 'https://example.com/add.png', mimeType: 'image/png', sizes: ['48x48'] }],
      roles: ['user', 'admin'],
      ttl: 30,
      rateLimit: '10/m',
      timeoutMs: 5000,
      taskSupport: 'optional',
      meta: { category: 'math' },
      ident: 'MathAdd',
      varName: 'toolMathAdd',
      handlerPath: 'tools/math.add',
      pos: { line: 17, col: 5 },
    });
    // A tool without input gets the empty object schema MCP requires.
    expect(m.tools[1]?.input).toEqual({ type: 'object' });
    expect(m.resources).toEqual([
      {
        kind: 'resource',
        name: 'readme',
        uri: 'docs://readme',
        mimeType: 'text/markdown',
        subscribe: true,
        size: 123,
        ident: 'Readme',
        varName: 'resourceReadme',
        handlerPath: 'resources/readme',
        pos: { line: 39, col: 5 },
      },
    ]);
    expect(m.resourceTemplates).toEqual([
      {
        kind: 'resourceTemplate',
        name: 'profile',
        uriTemplate: 'users://{user_id}/profile{?fields*}',
        variables: ['user_id', 'fields'],
        params: {
          type: 'object',
          properties: { user_id: { type: 'integer' }, fields: { type: 'array', items: { type: 'string' } } },
          required: ['user_id'],
          additionalProperties: false,
        },
        complete: { user_id: 'user_ids' },
        ident: 'Profile',
        varName: 'resourceProfile',
        handlerPath: 'resources/profile',
        pos: { line: 40, col: 5 },
      },
    ]);
    expect(m.prompts).toEqual([
      {
        kind: 'prompt',
        name: 'greet',
        description: 'Greets someone.',
        arguments: [
          { name: 'name', required: true, complete: 'cities', description: 'Who to greet.' },
          { name: 'tone', required: false },
        ],
        argumentsSchema: {
          type: 'object',
          properties: { name: { type: 'string', description: 'Who to greet.' }, tone: { type: 'string' } },
          required: ['name'],
          additionalProperties: false,
        },
        ident: 'Greet',
        varName: 'promptGreet',
        handlerPath: 'prompts/greet',
        pos: { line: 45, col: 5 },
      },
    ]);
    expect(m.completions.map((c) => [c.name, c.ident, c.varName, c.handlerPath, c.description])).toEqual([
      ['cities', 'Cities', 'completionCities', 'completions/cities', 'City names.'],
      ['user_ids', 'UserIds', 'completionUserIds', 'completions/user_ids', undefined],
    ]);
    expect(m.referencedFiles).toEqual([]);
  });

  test('is deterministic', () => {
    const a = loadProjectSync(join(fixtures, 'full.yaml'));
    const b = loadProjectSync(join(fixtures, 'full.yaml'));
    expect(JSON.stringify(a.model)).toBe(JSON.stringify(b.model));
    expect(JSON.stringify(a.model)).toContain('"pos":{"line":17,"col":5}');
  });
});

describe('$defs', () => {
  test('referenced definitions are copied transitively; unused ones are not', () => {
    const m = loadProjectSync(join(fixtures, 'full.yaml')).model!;
    const geo = m.tools[2]!.input;
    expect(geo['$defs']).toEqual({
      address: { type: 'object', properties: { street: { type: 'string' }, country: { $ref: '#/$defs/country' } } },
      country: { type: 'string', minLength: 2, maxLength: 2 },
    });
    // Top-level $defs stay verbatim in the model, and copies are independent objects.
    expect(Object.keys(m.defs)).toEqual(['address', 'country', 'unused']);
    expect((geo['$defs'] as Record<string, unknown>)['address']).not.toBe(m.defs['address']);
    // Schemas without refs are untouched.
    expect(m.tools[0]!.input).not.toHaveProperty('$defs');
  });

  test('the element keeps its own $defs; an equal shared one is not duplicated', () => {
    const r = load(`${head}tools:
  - name: t
    input:
      type: object
      properties: { a: { $ref: "#/$defs/a" }, b: { $ref: "#/$defs/b" } }
      $defs: { a: { type: string } }
$defs:
  a: { type: number }
  b: { type: boolean }
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.tools[0]!.input['$defs']).toEqual({ a: { type: 'string' }, b: { type: 'boolean' } });
  });

  test('a copied definition whose name is shadowed by a different local one is an error', () => {
    const r = load(`${head}tools:
  - name: t
    input:
      type: object
      properties: { a: { $ref: "#/$defs/wrap" } }
      $defs: { inner: { type: string } }
$defs:
  wrap: { type: object, properties: { x: { $ref: "#/$defs/inner" } } }
  inner: { type: number }
`);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ line: 10, col: 50, path: '$defs.wrap.properties.x.$ref', code: 'bad-ref' });
  });

  test('template params and refs in unused shared definitions are resolved too', () => {
    const r = load(`${head}resources:
  - name: p
    uriTemplate: "u://{id}"
    params: { id: { $ref: "#/$defs/id" } }
$defs:
  id: { type: integer, minimum: 1 }
  broken: { $ref: "#/$defs/nothing" }
`);
    expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.path}`)).toEqual(['9:19 $defs.broken.$ref']);
  });

  test('the bundled schemas compile under Ajv 2020 and validate', () => {
    const m = loadProjectSync(join(fixtures, 'full.yaml')).model!;
    const ajv = new Ajv2020({ strict: false });
    const v = ajv.compile(m.tools[2]!.input);
    expect(v({ address: { street: 'x', country: 'FR' } })).toBe(true);
    expect(v({ address: { country: 'France' } })).toBe(false);
  });
});

describe('referenced files', () => {
  test('JSON and YAML files are embedded under $defs with their refs rewritten', () => {
    const r = loadProjectSync(join(fixtures, 'external/mcp.yaml'));
    expect(r.diagnostics).toEqual([]);
    const m = r.model!;
    expect(m.referencedFiles).toEqual([
      join(fixtures, 'external/schemas/address.json'),
      join(fixtures, 'external/schemas/parcel.yaml'),
    ]);
    const input = m.tools[0]!.input;
    expect(input['properties']).toEqual({
      to: { $ref: '#/$defs/address' },
      parcel: { $ref: '#/$defs/parcel/definitions/parcel' },
      shared: { $ref: '#/$defs/note' },
    });
    const defs = input['$defs'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(defs)).toEqual(['address', 'parcel', 'note']);
    expect(defs['address']).not.toHaveProperty('$id');
    expect(defs['note']).toEqual({ $ref: '#/$defs/address/properties/zip' });
    const v = new Ajv2020({ strict: false }).compile(input);
    expect(v({ to: { zip: '12345' }, parcel: { weight: 3, from: { zip: '54321' } }, shared: '99999' })).toBe(true);
    expect(v({ to: { zip: '1' } })).toBe(false);
    expect(v({ to: {}, parcel: { weight: 0 } })).toBe(false);
  });

  test('referenced files are listed even when loading fails (for watching)', () => {
    const r = load(`${head}tools:\n  - name: t\n    input: { type: object, properties: { a: { $ref: "./later.json" } } }\n`);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ line: 5, col: 53, message: 'referenced file not found: "./later.json"' });
    expect(r.referencedFiles).toEqual([join(tmp, 'later.json')]);
  });

  test('errors inside a referenced file are reported in that file', () => {
    writeFileSync(join(tmp, 'bad.json'), '{\n  "type": "object",\n  "properties": { "x": { "$ref": "#/definitions/nope" } }\n}\n');
    const r = load(`${head}tools:\n  - name: t\n    input: { type: object, properties: { a: { $ref: "./bad.json" } } }\n`);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ line: 3, col: 34, path: 'properties.x.$ref', code: 'bad-ref' });
    expect(r.diagnostics[0]!.file).toMatch(/bad\.json$/);
    expect(r.sources.get(r.diagnostics[0]!.file)).toContain('"#/definitions/nope"');
  });

  test('a referenced file that is not UTF-8 is an error in that file at the bad byte', () => {
    writeFileSync(join(tmp, 'latin1.yaml'), Buffer.concat([Buffer.from('type: string\ndescription: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const r = load(`${head}tools:\n  - name: t\n    input: { type: object, properties: { a: { $ref: "./latin1.yaml" } } }\n`);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ line: 2, col: 17, code: 'encoding', message: 'the file is not valid UTF-8: byte 0xe9 at line 2, column 17; save the file as UTF-8' });
    expect(r.diagnostics[0]!.file).toMatch(/latin1\.yaml$/);
  });
});

describe('YAML features', () => {
  test('anchors, aliases and merge keys (full parser path)', () => {
    const r = load(`${head}tools:
  - &first { name: a, roles: [admin], rateLimit: 5/s }
  - { <<: *first, name: b, ttl: 3 }
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.tools.map((t) => [t.name, t.roles, t.rateLimit, t.ttl])).toEqual([
      ['a', ['admin'], '5/s', undefined],
      ['b', ['admin'], '5/s', 3],
    ]);
  });

  test('positions are right on the full parser path too', () => {
    const r = load(`${head}tools:\n  - &x { name: a }\n  - { <<: *x, name: b, ttl: -1 }\n`);
    expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`)).toEqual(['5:29 tools[1].ttl: must be >= 0']);
  });

  test('an alias bomb is refused, not expanded', () => {
    const bomb = `${head}a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`;
    const r = load(bomb);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics[0]?.message).toMatch(/alias|unknown key/i);
  });
});

describe('hostile input', () => {
  test.each([
    ['deep flow nesting', `${head}$defs:\n  x: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, 'nesting is too deep'],
    ['several documents', `${head}---\nmcp: 1\n`, 'mcp.yaml holds one YAML document; remove the "---" separator and what follows'],
    ['__proto__ key', `${head}settings: { __proto__: { polluted: true } }\n`, 'unknown key "__proto__"'],
    ['a $ref cycle', `${head}$defs:\n  a: { $ref: "#/$defs/b" }\n  b: { $ref: "#/$defs/a" }\n`, 'circular $ref: a -> b -> a never reaches a schema'],
  ])('%s is a diagnostic, not a crash', (_name, yaml, message) => {
    const r = load(yaml);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics[0]?.message).toContain(message);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('names of inherited object members (constructor, toString) are ordinary names, never Object.prototype', () => {
    const r = load(`${head}resources:
  - { name: r, uriTemplate: "x://{toString}/{constructor}", params: { toString: { type: integer } } }
prompts:
  - name: p
    arguments: [{ name: constructor, required: true }, { name: valueOf }]
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.resourceTemplates[0]!.params['properties']).toEqual({ toString: { type: 'integer' }, constructor: { type: 'string' } });
    expect(r.model!.prompts[0]!.argumentsSchema['properties']).toEqual({ constructor: { type: 'string' }, valueOf: { type: 'string' } });
    expect(r.model!.prompts[0]!.argumentsSchema['required']).toEqual(['constructor']);
  });

  test('__proto__ as a property, $defs, argument or variable name is an error where it is written', () => {
    const r = load(`${head}tools:
  - name: t
    input: { type: object, properties: { a: { $ref: "#/$defs/x" } }, required: [__proto__] }
prompts:
  - name: p
    arguments: [{ name: __proto__ }]
resources:
  - { name: r, uriTemplate: "x://{__proto__}" }
$defs:
  x: { type: object, $defs: { __proto__: { type: string } } }
  __proto__: { type: string }
`);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.col} ${d.path} ${d.code}`)).toEqual([
      '5:81 tools[0].input.required[0] reserved-name',
      '8:25 prompts[0].arguments[0].name reserved-name',
      '10:35 resources[0].uriTemplate reserved-name',
      '12:31 $defs.x.$defs.__proto__ reserved-name',
      '13:3 $defs.__proto__ reserved-name',
    ]);
    expect(({} as Record<string, unknown>)['type']).toBeUndefined();
  });

  test('a list or mapping used as a key is an error at the key, with no process warning', () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const r = load(`${head}tools:\n  - name: t\n    ? { a: 1 }\n    : 1\n`);
      expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(['5:7 a mapping key must be a plain value such as a name, not a list or mapping']);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  test('names whose handler file would be mistaken for something else are warned about', () => {
    const r = load(`${head}tools:\n  - name: unit.test\n  - name: aux\n  - name: COM1.x\n  - name: fine.d2\n`);
    expect(r.model).toBeDefined();
    expect(r.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      'warning tools[0].name: the handler file unit.test.ts looks like a test file to test runners and linters; consider another name',
      'warning tools[1].name: the handler file aux.ts cannot be created on Windows (aux is a device name); consider another name',
      'warning tools[2].name: the handler file COM1.x.ts cannot be created on Windows (COM1 is a device name); consider another name',
    ]);
  });

  test('a byte-order mark and CRLF line ends are fine', () => {
    const r = load('\uFEFFmcp: 1\r\nserver:\r\n  name: a\r\n  version: "1"\r\ntools:\r\n  - name: x\r\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.tools[0]!.pos).toEqual({ line: 6, col: 5 });
  });
});

describe('element schema checks', () => {
  test('a required property missing from properties is a warning with a suggestion', () => {
    const r = load(`${head}tools:\n  - name: t\n    input: { type: object, properties: { city: { type: string } }, required: [cty] }\n`);
    expect(r.model).toBeDefined();
    expect(r.diagnostics.map((d) => [d.severity, d.line, d.col, d.path, d.message])).toEqual([
      ['warning', 5, 79, 'tools[0].input.required[0]', 'required property "cty" is not in properties (did you mean "city"?)'],
    ]);
  });

  test('an unknown format is a warning; formats of ajv-formats are fine', () => {
    const r = load(`${head}tools:\n  - name: t\n    input: { type: object, properties: { a: { type: string, format: emial }, b: { type: string, format: email } } }\n`);
    expect(r.model).toBeDefined();
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.path])).toEqual([['warning', 'unknown-format', 'tools[0].input.properties.a.format']]);
  });
});

describe('results', () => {
  test('warnings do not block the model', () => {
    const r = load(`${head}completions: [{ name: spare }]\n`);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.line, d.col])).toEqual([['warning', 'unused-completion', 3, 23]]);
    expect(r.model?.completions).toHaveLength(1);
  });

  test('all errors at once, sorted by position', () => {
    const r = load(`${head}tools:\n  - name: a\n    ttl: -1\n  - name: "b b"\n    rateLimit: fast\n`);
    expect(r.diagnostics.map((d) => `${d.line}:${d.col}`)).toEqual(['5:10', '6:11', '7:16']);
  });

  test('shape errors and cross-element errors come together, without echoes from broken elements', () => {
    const r = load(`${head}tools:
  - name: a
    inptu: {}
  - name: b
  - name: B
resources:
  - { name: r, uri: "x://1", size: -1 }
  - { name: s, uri: "x://1" }
`);
    expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.path}: ${d.code}`)).toEqual([
      '5:5 tools[0].inptu: schema',
      '7:11 tools[2].name: duplicate-name',
      '9:36 resources[0].size: schema',
      '10:21 resources[1].uri: duplicate-uri',
    ]);
  });

  test('a missing file is one diagnostic, sync and async', async () => {
    const missing = join(tmp, 'nope.yaml');
    const a = await loadProject(missing, { displayName: 'mcp.yaml' });
    const b = loadProjectSync(missing, { displayName: 'mcp.yaml' });
    expect(a.diagnostics).toEqual(b.diagnostics);
    expect(a.diagnostics).toMatchObject([{ line: 1, col: 1, code: 'io', severity: 'error' }]);
  });

  test('a 1,000-tool file loads and validates (its speed is measured by npm run bench)', () => {
    let y = head + 'tools:\n';
    for (let i = 0; i < 1000; i++) {
      y += `  - name: tool.n${i}\n    description: Tool number ${i}.\n    input:\n      type: object\n      properties:\n        a: { type: integer, minimum: 0 }\n        b: { type: string, maxLength: 10, pattern: "^[a-z]+$" }\n        c: { $ref: "#/$defs/thing" }\n      required: [a]\n    output: { type: object, properties: { sum: { type: integer } } }\n    roles: [user]\n    rateLimit: 10/m\n`;
    }
    y += '$defs:\n  thing: { type: object, properties: { x: { type: number } } }\n';
    const r = load(y);
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.tools).toHaveLength(1000);
    expect(r.model!.tools[999]!.pos).toEqual({ line: 4 + 999 * 12, col: 5 });
  });
});

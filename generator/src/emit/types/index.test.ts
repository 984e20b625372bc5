import { describe, expect, test } from 'vitest';
import { loadProjectText } from '../../config/index.js';
import type { Model } from '../../model/types.js';
import { emitTypeDeclarations } from './index.js';
import { indentDeclarations } from './indent.js';

function model(yaml: string): Model {
  const { model: m, diagnostics } = loadProjectText('/virtual/mcp.yaml', `mcp: 1\nserver: { name: t, version: "1" }\n${yaml}`);
  if (!m) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return m;
}

describe('types emitter', () => {
  test('shared $defs become one named type referenced by every tool', async () => {
    const code = await emitTypeDeclarations(
      model(`$defs:
  Point: { type: object, properties: { x: { type: number } }, required: [x] }
tools:
  - name: a
    input: { type: object, properties: { p: { $ref: "#/$defs/Point" } } }
  - name: b
    input: { type: object, properties: { q: { $ref: "#/$defs/Point" } }, required: [q] }
`),
    );
    expect(code.match(/export interface Point \{/g)).toHaveLength(1);
    expect(code).toContain('export interface AInput {\n  p?: Point\n}');
    expect(code).toContain('export interface BInput {\n  q: Point\n}');
  });

  test('titles never rename types; tool-local $defs are prefixed with the root type name', async () => {
    const code = await emitTypeDeclarations(
      model(`tools:
  - name: t
    input:
      type: object
      title: Something Else
      properties:
        o: { $ref: "#/$defs/Opts" }
        n: { type: object, title: Nested, properties: { x: { type: string } } }
      $defs:
        Opts: { type: object, properties: { depth: { type: integer } } }
`),
    );
    expect(code).toContain('export interface TInput {');
    expect(code).toContain('o?: TInputOpts');
    expect(code).toContain('export interface TInputOpts {');
    expect(code).not.toMatch(/SomethingElse|interface Nested/);
  });

  test('objects get no index signature unless additionalProperties says so', async () => {
    const code = await emitTypeDeclarations(
      model(`tools:
  - name: t
    input:
      type: object
      properties:
        closed: { type: object, properties: { a: { type: string } } }
        open: { type: object, additionalProperties: { type: number } }
`),
    );
    expect(code).toContain('closed?: {\n    a?: string\n  }');
    expect(code).toContain('[k: string]: number | undefined');
  });

  test('2020-12 tuples (prefixItems) become TypeScript tuples', async () => {
    const code = await emitTypeDeclarations(
      model(`tools:
  - name: t
    input:
      type: object
      properties:
        open: { type: array, prefixItems: [{ type: string }, { type: number }] }
        closed: { type: array, prefixItems: [{ type: string }], items: false }
`),
    );
    // Positions are typed as present (jstt has no optional tuple members); validators still check the real rule.
    expect(code).toContain('open?: [string, number, ...(unknown)[]]');
    expect(code).toContain('closed?: [string]');
  });

  test('identifiers jstt would re-case keep the model ident', async () => {
    const code = await emitTypeDeclarations(model('tools:\n  - name: 2fa.check\n    input: { type: object, properties: { code: { type: string } } }\n'));
    expect(code).toContain('export interface _2faCheckInput {');
  });

  test('a shared def whose name collides with an element type is renamed', async () => {
    const code = await emitTypeDeclarations(
      model(`$defs:
  AInput: { type: string }
tools:
  - name: a
    input: { type: object, properties: { s: { $ref: "#/$defs/AInput" } } }
`),
    );
    expect(code).toContain('export type AInputDef = string');
    expect(code).toContain('s?: AInputDef');
  });
});

describe('indentDeclarations', () => {
  test('indents by nesting, one level per opening line, and keeps comments aligned', () => {
    expect(indentDeclarations('export interface A {\n/**\n * doc\n */\na: (B | {\nc: string\n})[]\n}')).toBe(
      'export interface A {\n  /**\n   * doc\n   */\n  a: (B | {\n    c: string\n  })[]\n}',
    );
  });
  test('brackets inside strings do not count; empty bodies collapse', () => {
    expect(indentDeclarations('export interface A {\n"{": "}"\n}\nexport interface B {\n\n}')).toBe('export interface A {\n  "{": "}"\n}\nexport interface B {}');
  });
  test('a $ref pointing into a shared def (#/$defs/list/items) is typed as what it points at', async () => {
    const code = await emitTypeDeclarations(
      model(`$defs:
  list: { type: array, items: { type: integer } }
  pair: { type: object, properties: { first: { $ref: "#/$defs/list/items" } } }
  node: { type: object, properties: { kid: { type: object, properties: { up: { $ref: "#/$defs/node/properties/kid" } } } } }
tools:
  - name: a
    input:
      type: object
      properties:
        one: { $ref: "#/$defs/list/items" }
        two: { $ref: "#/$defs/pair/properties/first", description: kept }
        kid: { $ref: "#/$defs/node/properties/kid" }
`),
    );
    expect(code).toContain('export interface Pair {\n  first?: number\n}');
    expect(code).toMatch(/export interface AInput \{\n {2}one\?: number\n/);
    expect(code).toContain('two?: number');
    // a pointer that reaches itself again stops at unknown instead of recursing forever
    expect(code).toContain('up?: unknown');
  });
  test('a local $defs type never takes the name of another root or shared type', async () => {
    const code = await emitTypeDeclarations(
      model(`tools:
  - name: a
    input:
      type: object
      properties: { x: { $ref: "#/$defs/input" } }
      $defs: { input: { type: object, properties: { q: { type: string } } } }
  - name: a.input
    input: { type: object, properties: { y: { type: integer } } }
$defs:
  AInputInput: { type: string }
`),
    );
    expect(code).toContain('export type AInputInputDef = string');
    expect(code).toContain('export interface AInput {\n  x?: AInputInputDef2\n}');
    expect(code).toContain('export interface AInputInputDef2 {\n  q?: string\n}');
    expect(code).toContain('export interface AInputInput {\n  y?: number\n}');
  });
  test('a schema that constrains no type is unknown, not an object', async () => {
    const code = await emitTypeDeclarations(
      model(`$defs:
  any: {}
tools:
  - name: a
    input:
      type: object
      properties:
        plain: { description: anything }
        empty: {}
        yes: true
        notNull: { not: { type: "null" } }
        branch: { if: { type: string }, then: { minLength: 2 }, else: { type: integer } }
        obj: { properties: { x: { type: string } } }
        list: { items: { type: string } }
        shared: { $ref: "#/$defs/any" }
`),
    );
    expect(code).toContain('export type Any = unknown');
    for (const p of ['plain', 'empty', 'yes', 'notNull', 'branch']) expect(code).toContain(`  ${p}?: unknown\n`);
    expect(code).toContain('  obj?: {\n    x?: string\n  }');
    expect(code).toContain('  list?: string[]');
    expect(code).toContain('  shared?: Any');
  });
});

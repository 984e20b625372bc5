import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { schemaPath } from './index.js';
import { walkSchema, type JsonObject } from './json-schema-walk.js';

const schema = JSON.parse(readFileSync(schemaPath(), 'utf8')) as JsonObject;

describe('schemas/mcp.schema.json', () => {
  test('schemaPath() is absolute and found from the source tree', () => {
    expect(isAbsolute(schemaPath())).toBe(true);
    expect(schemaPath()).toMatch(/schemas[\\/]mcp\.schema\.json$/);
  });

  test('is a valid draft-07 schema', () => {
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
  });

  test('every property has a description and a markdownDescription (directly or through its $ref)', () => {
    const defs = schema['definitions'] as Record<string, JsonObject>;
    const missing: string[] = [];
    walkSchema(schema, [], (s, path) => {
      const props = s['properties'] as Record<string, JsonObject> | undefined;
      if (!props) return;
      for (const [k, p] of Object.entries(props)) {
        const target = typeof p['$ref'] === 'string' ? { ...defs[(p['$ref'] as string).split('/').pop()!], ...p } : p;
        if (typeof target['description'] !== 'string' || typeof target['markdownDescription'] !== 'string') missing.push([...path, 'properties', k].join('.'));
      }
    });
    expect(missing).toEqual([]);
  });

  test('element objects refuse unknown keys', () => {
    const defs = schema['definitions'] as Record<string, JsonObject>;
    for (const k of ['tool', 'resource', 'prompt', 'promptArgument', 'completion', 'icon']) expect(defs[k]?.['additionalProperties'], k).toBe(false);
  });
});

/**
 * Structural validation of mcp.yaml against schemas/mcp.schema.json (draft-07), the single
 * source of the file's shape. The schema is compiled once per process.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { phraseAjvErrors } from './ajv-messages.js';
import type { DiagnosticSink } from './diagnostics.js';
import { schemaPath } from './schema-path.js';
import { locate, type PathSegment } from './yaml-source.js';

let validator: ValidateFunction | undefined;
let projectSchema: Record<string, unknown> | undefined;

function loadSchema(): Record<string, unknown> {
  projectSchema ??= JSON.parse(readFileSync(schemaPath(), 'utf8')) as Record<string, unknown>;
  return projectSchema;
}

/** Mappings whose keys are a fixed set: the order they are written in says nothing, so the model uses the schema's. */
export interface KeyOrders {
  readonly settings: readonly string[];
  readonly toolAnnotations: readonly string[];
  readonly resourceAnnotations: readonly string[];
}

let keyOrders: KeyOrders | undefined;

/** The property order of the fixed-key mappings in schemas/mcp.schema.json. */
export function schemaKeyOrders(): KeyOrders {
  if (keyOrders) return keyOrders;
  const schema = loadSchema() as { properties?: Record<string, { properties?: object }>; definitions?: Record<string, { properties?: Record<string, { properties?: object }> }> };
  const keys = (o: object | undefined): string[] => Object.keys(o ?? {});
  keyOrders = {
    settings: keys(schema.properties?.['settings']?.properties),
    toolAnnotations: keys(schema.definitions?.['tool']?.properties?.['annotations']?.properties),
    resourceAnnotations: keys(schema.definitions?.['resource']?.properties?.['annotations']?.properties),
  };
  return keyOrders;
}

/** The compiled draft-07 validator of mcp.yaml (compiled on first use). */
export function projectValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = loadSchema();
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true, validateSchema: false });
  validator = ajv.compile(schema);
  return validator;
}

/**
 * Validates `data` (the converted YAML) and reports each problem at its node.
 * Returns true when the shape is valid.
 */
export function validateStructure(data: unknown, sink: DiagnosticSink): boolean {
  const validate = projectValidator();
  if (validate(data)) return true;
  const rawText = (path: readonly PathSegment[]): string | undefined => {
    const n = locate(sink.source, path).node;
    const r = n?.range;
    return r ? sink.source.text.slice(r[0], r[1]) : undefined;
  };
  for (const e of phraseAjvErrors(validate.errors ?? [], { data, rawText })) {
    sink.at(e.path, e.message, 'schema', { anchor: e.anchor });
  }
  return false;
}

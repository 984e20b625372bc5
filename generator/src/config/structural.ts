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

/** The compiled draft-07 validator of mcp.yaml (compiled on first use). */
export function projectValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(schemaPath(), 'utf8')) as Record<string, unknown>;
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

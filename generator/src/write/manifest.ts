/**
 * `manifest.json` in the generated folder: which generator made the output, a hash of everything that went in,
 * and the sha256 of every generated file. A build whose input hash and file hashes still match skips emitting
 * entirely (the fast no-op rebuild).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const MANIFEST_NAME = 'manifest.json';

export interface Manifest {
  readonly generator: 'mcp-gen';
  readonly version: string;
  /** sha256 over the generator version, options, templates and every input file. */
  readonly inputHash: string;
  /** Input files (the config first, then files it references), project-relative -> sha256. */
  readonly inputs: Readonly<Record<string, string>>;
  /** sha256 of the templates folder. */
  readonly templates: string;
  /** Generated files (relative to the generated folder) -> sha256. */
  readonly files: Readonly<Record<string, string>>;
  /** Handler files the model expects, project-relative. */
  readonly handlers: readonly string[];
}

/** sha256 hex of bytes or text. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The input hash of a build.
 *
 * @example
 * inputHash({ version: '0.1.0', templates: 'ab..', options: 'src/generated|src/handlers', inputs: { 'mcp.yaml': 'cd..' } })
 */
export function inputHash(parts: { version: string; templates: string; options: string; inputs: Readonly<Record<string, string>> }): string {
  const hash = createHash('sha256').update(`mcp-gen ${parts.version}\0${parts.templates}\0${parts.options}\0`);
  for (const [file, sha] of Object.entries(parts.inputs)) hash.update(`${file}\0${sha}\0`);
  return hash.digest('hex');
}

/** Serialises a manifest deterministically (fixed key order, LF, trailing newline). */
export function renderManifest(m: Manifest): string {
  const ordered: Manifest = {
    generator: m.generator,
    version: m.version,
    inputHash: m.inputHash,
    inputs: m.inputs,
    templates: m.templates,
    files: m.files,
    handlers: m.handlers,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Reads a manifest; undefined when missing or not one of ours. */
export function readManifest(file: string): Manifest | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>;
    if (value.generator !== 'mcp-gen' || typeof value.inputHash !== 'string' || typeof value.files !== 'object' || value.files === null) return undefined;
    return {
      generator: 'mcp-gen',
      version: String(value.version),
      inputHash: value.inputHash,
      inputs: value.inputs ?? {},
      templates: String(value.templates),
      files: value.files,
      handlers: Array.isArray(value.handlers) ? value.handlers : [],
    };
  } catch {
    return undefined;
  }
}

/**
 * The one place the writer and CLI reach the config loader (`generator/src/config/`): load mcp.yaml into a
 * model with diagnostics, and format diagnostics with code frames.
 */
import { formatDiagnostics as formatWithFrames, loadProject } from '../config/index.js';
import type { Diagnostic, Model } from '../model/types.js';

export interface LoadedProject {
  /** Undefined when mcp.yaml has errors. */
  readonly model: Model | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** The text of mcp.yaml, for code frames. */
  readonly source: string;
  /** Texts of the other files diagnostics name (referenced schema files). */
  readonly sources?: ReadonlyMap<string, string>;
}

/**
 * Loads and validates mcp.yaml.
 *
 * @example
 * const { model, diagnostics } = await loadConfig('/p/mcp.yaml');
 */
export async function loadConfig(file: string): Promise<LoadedProject> {
  const loaded = await loadProject(file);
  const errors = loaded.diagnostics.some((d) => d.severity === 'error');
  return { model: errors ? undefined : loaded.model, diagnostics: loaded.diagnostics, source: loaded.source, sources: loaded.sources };
}

/** Diagnostics as text with code frames (`mcp.yaml:12:7 tools[1].name: ...`). */
export async function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  source: string,
  color: boolean,
  sources?: ReadonlyMap<string, string>,
): Promise<string> {
  return formatWithFrames(diagnostics, source, { color, ...(sources ? { sources } : {}) });
}

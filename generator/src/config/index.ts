/**
 * Loading mcp.yaml into the normalized model, with positioned diagnostics.
 *
 * @example
 * import { loadProject, formatDiagnostics } from './config/index.js';
 * const { model, diagnostics, source } = await loadProject('mcp.yaml');
 * if (diagnostics.length) console.error(formatDiagnostics(diagnostics, source, { color: true }));
 */
export { loadProject, loadProjectSync, loadProjectText, type LoadOptions, type LoadResult } from './load.js';
export { formatDiagnostics, diagnosticLine, type FormatOptions } from './format.js';
export { schemaPath } from './schema-path.js';
export { parseUriTemplate, type TemplateVariable, type TemplateError } from './uri-template.js';
export { pascalCase } from './names.js';
export type { Diagnostic, Model } from '../model/types.js';

/**
 * Read-only checks of the user's handler files, with ts-morph (user bytes never change). Today: a handler
 * file without a default export is reported, since registry.gen.ts imports the default export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const LIKELY_DEFAULT = /\bexport\s+default\b|\bexport\s*\{[^}]*\bas\s+default\b/;

/**
 * Project-relative handler files (that exist) lacking a default export.
 *
 * @example
 * await handlersWithoutDefaultExport('/p', ['src/handlers/tools/sum.ts']) // []
 */
export async function handlersWithoutDefaultExport(projectRoot: string, files: readonly string[]): Promise<string[]> {
  const suspects: { file: string; text: string }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(join(projectRoot, file), 'utf8');
    } catch {
      continue;
    }
    // Cheap pre-filter: only files without an obvious `export default` are parsed.
    if (!LIKELY_DEFAULT.test(text)) suspects.push({ file, text });
  }
  if (suspects.length === 0) return [];
  const { Project } = await import('ts-morph');
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: true } });
  const missing: string[] = [];
  for (const s of suspects) {
    const source = project.createSourceFile(`/${s.file}`, s.text, { overwrite: true });
    if (source.getDefaultExportSymbol() === undefined) missing.push(s.file);
  }
  return missing;
}

/**
 * Helpers shared by the golden, preservation and e2e tests: temp projects outside the repository that resolve
 * packages like a real project (a node_modules symlink to the workspace's), and a strict type-check with the
 * TypeScript compiler API.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const fixturesDir = join(repoRoot, 'test', 'golden', 'fixtures');
export const cliBin = join(repoRoot, 'generator', 'bin', 'mcp-gen.js');

/** Fails clearly when the runtime or generator has not been built (`npm run build`). */
export function requireBuilt(): void {
  for (const f of ['runtime/dist/index.d.ts', 'runtime/dist/validation/index.js', 'generator/dist/cli/main.js']) {
    if (!existsSync(join(repoRoot, f))) throw new Error(`${f} is missing: run npm run build first`);
  }
}

/**
 * A temp project dir (in os.tmpdir()) holding `mcp.yaml` (copied from a fixture or given as text), a
 * package.json with "type": "module", and (unless told otherwise) a node_modules that resolves the runtime.
 */
export function tempProject(source: { fixture: string } | { yaml: string }, prefix = 'mcp-gen-test-', linkNodeModules = true): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // the whole fixture folder: mcp.yaml and what it points at (skill folders)
  if ('fixture' in source) cpSync(join(fixturesDir, source.fixture), dir, { recursive: true });
  else writeFileSync(join(dir, 'mcp.yaml'), source.yaml);
  writeFileSync(join(dir, 'package.json'), '{ "name": "golden", "private": true, "type": "module" }\n');
  if (linkNodeModules) {
    // A real node_modules (so mcp-gen's cache and stamps stay in the temp project) linking the packages a
    // generated project needs: the runtime (its own dependencies resolve from its real path) and Node's types.
    mkdirSync(join(dir, 'node_modules', '@mcp-gen'), { recursive: true });
    symlinkSync(join(repoRoot, 'runtime'), join(dir, 'node_modules', '@mcp-gen', 'runtime'), 'dir');
    symlinkSync(join(repoRoot, 'node_modules', '@types'), join(dir, 'node_modules', '@types'), 'dir');
  }
  return dir;
}

export function removeProject(dir: string): void {
  if (dir.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir` (project-relative, posix), skipping node_modules and dist. */
export function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full, base));
    else out.push(relative(base, full).split(sep).join('/'));
  }
  return out.sort();
}

/** The compiler options of a project made by `mcp-gen init` (templates/init/tsconfig.json.hbs), no emit. */
export const STRICT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitReturns: true,
  noImplicitOverride: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
};

/**
 * Type-checks the TypeScript files of one or more projects in one program; returns the diagnostics as
 * `file(line,col): message` lines (project-relative when possible).
 */
export function typecheck(projectDirs: readonly string[], options: ts.CompilerOptions = STRICT_OPTIONS): string[] {
  const roots = projectDirs.flatMap((d) => listFiles(d).filter((f) => f.endsWith('.ts')).map((f) => join(d, f)));
  const program = ts.createProgram(roots, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return message;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName}(${line + 1},${character + 1}): ${message}`;
  });
}

/** mcp.yaml files at most `depth` folders below `dir` (node_modules, dist, out and src skipped), sorted. */
function findConfigs(dir: string, depth: number): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isFile() && entry.name === 'mcp.yaml') found.push(full);
    else if (entry.isDirectory() && depth > 0 && !['node_modules', 'dist', 'out', 'src'].includes(entry.name)) found.push(...findConfigs(full, depth - 1));
  }
  return found.sort();
}

/** Every mcp.yaml of the repository: examples, golden fixtures, valid config fixtures, the bench app (absolute paths). */
export function repositoryConfigs(): string[] {
  return [
    ...findConfigs(join(repoRoot, 'examples'), 1),
    ...findConfigs(join(repoRoot, 'test', 'golden', 'fixtures'), 1),
    ...findConfigs(join(repoRoot, 'test', 'config', 'valid'), 2),
    ...findConfigs(join(repoRoot, 'bench'), 1),
  ];
}

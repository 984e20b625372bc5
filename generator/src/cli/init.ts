/**
 * `mcp-gen init [dir]`: scaffold a project (mcp.yaml with one example of each kind, package.json, tsconfig,
 * .gitignore, src/main.ts, README). Never overwrites: existing files make it refuse (or, with --yes, are
 * skipped and listed). Asks for the server name and auth mode only on a TTY without --yes.
 */
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { configSchemaPath, generatorRoot, repoRoot, runtimeRoot } from '../emit/shared/package-info.js';
import { renderTemplate } from '../emit/shared/templates.js';
import { createIfMissing } from '../write/atomic.js';
import { AUTH_MODES, type InitAuthMode } from './auth-modes.js';
import { colors } from './output.js';

export { AUTH_MODES, type InitAuthMode } from './auth-modes.js';

export interface InitOptions {
  readonly dir: string;
  readonly yes?: boolean;
  readonly name?: string;
  readonly auth?: string;
}

/** A valid npm package name from a folder name: `My Server!` -> `my-server`. */
export function packageNameFrom(dir: string): string {
  const name = dir
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '')
    .slice(0, 214);
  return name || 'mcp-server';
}

/** Relative path (posix) when `target` lies inside the repository folder, absolute otherwise. */
function pathFrom(projectDir: string, target: string): string {
  const inRepo = `${projectDir}${sep}`.startsWith(`${repoRoot}${sep}`);
  const p = inRepo ? relative(projectDir, target) : target;
  return p.split(sep).join('/');
}

interface Answers {
  readonly name: string;
  readonly authMode: InitAuthMode;
}

async function ask(defaults: Answers): Promise<Answers> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // An async line iterator buffers lines typed (or pasted) ahead of the next question.
  const lines = rl[Symbol.asyncIterator]();
  const question = async (prompt: string): Promise<string> => {
    rl.setPrompt(prompt);
    rl.prompt();
    const next = await lines.next();
    if (next.done) throw new Error('init cancelled: input closed before all questions were answered');
    return String(next.value).trim();
  };
  try {
    const name = (await question(`Server name (${defaults.name}): `)) || defaults.name;
    let authMode: InitAuthMode | undefined;
    for (let tries = 0; tries < 5 && authMode === undefined; tries++) {
      const raw = (await question(`Auth mode [${AUTH_MODES.join('/')}] (${defaults.authMode}): `)).toLowerCase() || defaults.authMode;
      authMode = (AUTH_MODES as readonly string[]).includes(raw) ? (raw as InitAuthMode) : undefined;
      if (authMode === undefined) process.stdout.write(`  choose one of ${AUTH_MODES.join(', ')}\n`);
    }
    return { name, authMode: authMode ?? defaults.authMode };
  } finally {
    rl.close();
  }
}

/** The scaffold files, project-relative path -> content. */
export function scaffoldFiles(projectDir: string, answers: Answers): Map<string, string> {
  // package.json is named after the folder; the server after the answer (slugged; the answer itself is the title).
  const pkgName = packageNameFrom(basename(projectDir));
  const serverName = packageNameFrom(answers.name);
  const title = answers.name;
  const files = new Map<string, string>();
  files.set('mcp.yaml', renderTemplate('init/mcp.yaml.hbs', {
    schemaPath: pathFrom(projectDir, configSchemaPath),
    yamlName: JSON.stringify(serverName),
    yamlTitle: JSON.stringify(title),
    authMode: answers.authMode,
  }));
  files.set('package.json', renderTemplate('init/package.json.hbs', {
    jsonPkgName: JSON.stringify(pkgName),
    jsonDescription: JSON.stringify(`${title}: an MCP server made with mcp-gen`),
    jsonRuntimeDep: JSON.stringify(`file:${pathFrom(projectDir, runtimeRoot)}`),
    jsonGeneratorDep: JSON.stringify(`file:${pathFrom(projectDir, generatorRoot)}`),
  }));
  files.set('tsconfig.json', renderTemplate('init/tsconfig.json.hbs', {}));
  files.set('.gitignore', renderTemplate('init/gitignore.hbs', {}));
  files.set('src/main.ts', renderTemplate('stubs/main.ts.hbs', { appImport: './generated/app.gen.js' }));
  files.set('README.md', renderTemplate('init/README.md.hbs', {
    title,
    name: serverName,
    jsonName: JSON.stringify(serverName),
    jsonMainPath: JSON.stringify(join(projectDir, 'dist', 'main.js').split(sep).join('/')),
  }));
  return files;
}

/**
 * Runs `init`; resolves to the exit code (1 when it refuses to overwrite).
 *
 * @example
 * process.exitCode = await initCommand({ dir: 'my-server', yes: true });
 */
export async function initCommand(opts: InitOptions): Promise<number> {
  const c = colors();
  const target = resolve(opts.dir);
  mkdirSync(target, { recursive: true });
  const projectDir = realpathSync(target);
  const authArg = opts.auth?.toLowerCase();
  if (authArg !== undefined && !(AUTH_MODES as readonly string[]).includes(authArg)) {
    process.stderr.write(`error: --auth must be one of ${AUTH_MODES.join(', ')} (got ${opts.auth})\n`);
    return 2;
  }
  const defaults: Answers = { name: opts.name ?? packageNameFrom(basename(projectDir)), authMode: (authArg as InitAuthMode | undefined) ?? 'none' };
  const interactive = !opts.yes && process.stdin.isTTY === true && process.stdout.isTTY === true && opts.name === undefined;
  const answers = interactive ? await ask(defaults) : defaults;

  const files = scaffoldFiles(projectDir, answers);
  const existing = [...files.keys()].filter((f) => existsSync(join(projectDir, f)));
  if (existing.length > 0 && !opts.yes) {
    process.stderr.write(
      `${c.red('error')}: refusing to overwrite existing files in ${projectDir}:\n${existing.map((f) => `  ${f}`).join('\n')}\n` +
        'Move them away, or run again with --yes to create only the missing files.\n',
    );
    return 1;
  }
  const created: string[] = [];
  const skipped: string[] = [];
  for (const [file, content] of files) {
    if (createIfMissing(join(projectDir, file), content)) created.push(file);
    else skipped.push(file);
  }
  const where = relative(process.cwd(), projectDir) || '.';
  process.stdout.write(`${c.green('✔')} created ${created.length} file(s) in ${where}: ${created.join(', ') || '(none)'}\n`);
  if (skipped.length > 0) process.stdout.write(`${c.yellow('skipped')} (already there, left untouched): ${skipped.join(', ')}\n`);
  const cd = where === '.' ? '' : `cd ${where.includes(' ') ? JSON.stringify(where) : where} && `;
  process.stdout.write(`\nNext:\n  ${cd}npm install && npm start\nthen edit mcp.yaml and the handlers in src/handlers/ (created by the first build).\n`);
  return 0;
}

/**
 * The `mcp-gen` command line. Exit codes: 0 ok, 1 invalid input or stale output, 2 usage error.
 */
import { Command, CommanderError, Option } from 'commander';
import { generatorVersion } from '../emit/shared/package-info.js';
import { AUTH_MODES } from './auth-modes.js';

// Each command's module is imported when that command runs: a no-op `mcp-gen build` loads no emitter,
// template engine or config parser it does not need.

const EXIT_CODES = `
Exit codes:
  0  success
  1  invalid mcp.yaml, failed build, or stale output (--check)
  2  usage error (unknown command or option)`;

function program(setExit: (code: number) => void): Command {
  const cmd = new Command('mcp-gen')
    .description('Schema-first Model Context Protocol servers: mcp.yaml in, typed handlers, validators, OpenAPI and wiring out.')
    .version(generatorVersion(), '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addHelpText('after', `
Examples:
  $ mcp-gen init my-server          scaffold a project
  $ mcp-gen build                   generate src/generated/ and missing handler stubs
  $ mcp-gen build --check           fail (exit 1) when generated files are stale
  $ mcp-gen dev                     rebuild, recompile and restart on every change
${EXIT_CODES}`);

  cmd
    .command('init')
    .description('create a new project (never overwrites files)')
    .argument('[dir]', 'project folder', '.')
    .option('-y, --yes', 'no prompts; skip files that already exist')
    .option('--name <name>', 'server name (default: the folder name)')
    .addOption(new Option('--auth <mode>', 'auth mode').choices([...AUTH_MODES]))
    .addHelpText('after', `
Examples:
  $ mcp-gen init my-server
  $ mcp-gen init . --yes --auth apikey
${EXIT_CODES}`)
    .action(async (dir: string, o: { yes?: boolean; name?: string; auth?: string }) => {
      setExit(await (await import('./init.js')).initCommand({ dir, ...(o.yes ? { yes: true } : {}), ...(o.name ? { name: o.name } : {}), ...(o.auth ? { auth: o.auth } : {}) }));
    });

  cmd
    .command('build')
    .description('validate mcp.yaml and generate src/generated/ plus missing handler stubs')
    .option('-c, --config <file>', 'project file', 'mcp.yaml')
    .option('-o, --out <dir>', 'generated folder, relative to the project', 'src/generated')
    .option('--check', 'write nothing; list stale, missing and extra files with diffs; exit 1 if any')
    .option('-w, --watch', 'rebuild when mcp.yaml or a file it references changes')
    .option('-q, --quiet', 'print errors only')
    .option('--json', 'print a machine-readable summary')
    .option('--force', 'emit even when the manifest says the output is up to date')
    .addHelpText('after', `
Examples:
  $ mcp-gen build
  $ mcp-gen build --config api/mcp.yaml --out src/gen
  $ mcp-gen build --check           in CI: generated files must be committed fresh
  $ mcp-gen build --watch
${EXIT_CODES}`)
    .action(async (o: { config: string; out: string; check?: boolean; watch?: boolean; quiet?: boolean; json?: boolean; force?: boolean }) => {
      if (o.check && o.watch) throw new CommanderError(2, 'mcp-gen.usage', 'error: --check and --watch cannot be combined');
      setExit(
        await (await import('./build.js')).buildCommand({
          config: o.config,
          out: o.out,
          ...(o.check ? { check: true } : {}),
          ...(o.watch ? { watch: true } : {}),
          ...(o.quiet ? { quiet: true } : {}),
          ...(o.json ? { json: true } : {}),
          ...(o.force ? { force: true } : {}),
        }),
      );
    });

  cmd
    .command('validate')
    .description('check mcp.yaml and print problems with their line and column')
    .option('-c, --config <file>', 'project file', 'mcp.yaml')
    .option('--json', 'print diagnostics as JSON')
    .addHelpText('after', `
Examples:
  $ mcp-gen validate
  $ mcp-gen validate --config api/mcp.yaml --json
${EXIT_CODES}`)
    .action(async (o: { config: string; json?: boolean }) => {
      setExit(await (await import('./validate.js')).validateCommand({ config: o.config, ...(o.json ? { json: true } : {}) }));
    });

  cmd
    .command('list')
    .description('list the tools, resources, templates, prompts and completions mcp.yaml declares')
    .option('-c, --config <file>', 'project file', 'mcp.yaml')
    .option('--json', 'print JSON')
    .addHelpText('after', `
Examples:
  $ mcp-gen list
  $ mcp-gen list --json | jq '.elements[] | select(.kind == "tool") | .name'
${EXIT_CODES}`)
    .action(async (o: { config: string; json?: boolean }) => {
      setExit(await (await import('./list.js')).listCommand({ config: o.config, ...(o.json ? { json: true } : {}) }));
    });

  cmd
    .command('dev')
    .description('watch: rebuild on mcp.yaml changes, recompile with tsc --watch, restart the server with node --watch')
    .option('-c, --config <file>', 'project file', 'mcp.yaml')
    .option('-o, --out <dir>', 'generated folder, relative to the project', 'src/generated')
    .option('-p, --project <tsconfig>', 'tsconfig of the project', 'tsconfig.json')
    .argument('[args...]', 'arguments for dist/main.js (default: serve over HTTP)')
    .addHelpText('after', `
Examples:
  $ mcp-gen dev
  $ PORT=9000 mcp-gen dev
${EXIT_CODES}`)
    .action(async (args: string[], o: { config: string; out: string; project: string }) => {
      setExit(await (await import('./dev.js')).devCommand({ config: o.config, out: o.out, tsconfig: o.project, args }));
    });
  return cmd;
}

/**
 * Runs the CLI with `argv` (as process.argv: node, script, ...args); resolves to the exit code.
 *
 * @example
 * process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  let exitCode = 0;
  const cmd = program((code) => {
    exitCode = code;
  });
  try {
    await cmd.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; help shown because no command was given is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2;
      if (error.code === 'mcp-gen.usage') process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`mcp-gen: ${(error as Error).message}\n`);
    return 1;
  }
}

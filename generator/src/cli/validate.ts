/**
 * `mcp-gen validate`: check mcp.yaml and print diagnostics with code frames. Exit 0 when valid, 1 otherwise.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatDiagnostics, loadConfig } from '../write/load-config.js';
import { colorEnabled, colors } from './output.js';

/**
 * Validates one config file; resolves to the exit code.
 *
 * @example
 * process.exitCode = await validateCommand({ config: 'mcp.yaml' });
 */
export async function validateCommand(opts: { config: string; json?: boolean }): Promise<number> {
  const file = resolve(opts.config);
  if (!existsSync(file)) {
    process.stderr.write(`error: ${file} not found (run mcp-gen init, or pass --config <file>)\n`);
    return 1;
  }
  const { model, diagnostics, source, sources } = await loadConfig(file);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ valid: model !== undefined, diagnostics }, null, 2)}\n`);
    return model ? 0 : 1;
  }
  if (diagnostics.length > 0) process.stderr.write(`${await formatDiagnostics(diagnostics, source, colorEnabled(process.stderr), sources)}\n`);
  if (!model) return 1;
  const c = colors();
  const counts = [
    [model.tools.length, 'tool'],
    [model.resources.length, 'resource'],
    [model.resourceTemplates.length, 'resource template'],
    [model.prompts.length, 'prompt'],
    [model.completions.length, 'completion provider'],
  ] as const;
  const text = counts.map(([n, w]) => `${n} ${w}${n === 1 ? '' : 's'}`).join(', ');
  process.stdout.write(`${c.green('✔')} ${opts.config} is valid: ${text}\n`);
  return 0;
}

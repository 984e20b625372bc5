/**
 * schemaPath() from the built generator, also when it is installed as a `file:` symlink
 * (node_modules/mcp-gen -> generator/), with and without --preserve-symlinks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const expected = join(repo, 'schemas', 'mcp.schema.json');
const tmp = mkdtempSync(join(tmpdir(), 'mcp-gen-schema-path-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(modulePath: string, flags: string[] = []): string {
  const code = `import(${JSON.stringify(pathToFileURL(modulePath).href)}).then((m) => process.stdout.write(m.schemaPath()))`;
  return execFileSync(process.execPath, [...flags, '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000 });
}

test('the built generator finds schemas/mcp.schema.json', () => {
  const built = join(repo, 'generator/dist/config/index.js');
  expect(existsSync(built), 'run npm run build first').toBe(true);
  expect(run(built)).toBe(expected);
});

test('through a file: symlink in node_modules, with and without --preserve-symlinks', () => {
  mkdirSync(join(tmp, 'node_modules'));
  symlinkSync(join(repo, 'generator'), join(tmp, 'node_modules', 'mcp-gen'), 'dir');
  // schema-path.js alone: with --preserve-symlinks, the generator's own dependencies would resolve from tmp/.
  const linked = join(tmp, 'node_modules/mcp-gen/dist/config/schema-path.js');
  expect(run(linked)).toBe(expected);
  expect(run(linked, ['--preserve-symlinks', '--preserve-symlinks-main'])).toBe(expected);
});

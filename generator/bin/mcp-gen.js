#!/usr/bin/env node
// The mcp-gen command: a tiny shim over the built CLI (generator/dist/cli/main.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  process.stderr.write(`mcp-gen is not built: run npm run build in ${repo}\n`);
  process.exit(1);
}
// A reader that stops early (`mcp-gen list | head`) closes the pipe: that is the end, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);

#!/usr/bin/env node
// Makes sure the system programs the tests use are present: redis-server (multi-instance tests) and Debian's
// Chromium (the Swagger UI browser test). As root on Debian it installs what is missing with apt-get, so
// `npm test` works verbatim on a fresh machine; elsewhere it prints the command to run and fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const missing = [];
if (!has('redis-server')) missing.push('redis-server');
if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !has('apt-get')) {
  console.error(`system-deps: missing ${missing.join(', ')}; install them first: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
console.error(`system-deps: installing ${missing.join(', ')} with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'inherit', 'inherit'], env });
execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: ['ignore', 'inherit', 'inherit'], env });

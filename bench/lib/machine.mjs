/** What the numbers were measured on: printed above the tables and stored in --json output. */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';

function firstLine(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n')[0];
  } catch (error) {
    // wrk --version exits 1 but prints its version.
    return String(error?.stdout ?? '').trim().split('\n')[0] || 'unknown';
  }
}

export function machineInfo(pinned) {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  return {
    cores: os.availableParallelism(),
    cpu,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    wrk: firstLine('wrk', ['--version']).replace(/\s*\[.*$/, ''),
    pinning: pinned ? 'server on core 1, wrk and the bench on core 0 (taskset)' : 'none (taskset missing or fewer than 2 cores)',
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/**
 * Every child process the bench starts goes through here, so that all of them are killed when the
 * bench exits - normally, on an error, or on Ctrl-C.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** @type {Set<import('node:child_process').ChildProcess>} */
const live = new Set();
let hooked = false;
/** Set on SIGINT/SIGTERM/SIGHUP: no new child may start while the bench winds down. */
let interrupted = false;

function killAll(signal) {
  for (const child of live) {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => killAll('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      interrupted = true;
      process.stderr.write(`\nbench: ${signal}, stopping ${live.size} child process(es)\n`);
      killAll('SIGTERM');
      setTimeout(() => process.exit(130), 300).unref();
    });
  }
}

/** True once the bench got SIGINT/SIGTERM/SIGHUP. */
export function wasInterrupted() {
  return interrupted;
}

let tasksetChecked;
/** True when `taskset` exists and the machine has at least two cores (server and loader apart). */
export function canPin() {
  if (tasksetChecked === undefined) {
    let cores;
    try {
      cores = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
    } catch {
      cores = 1;
    }
    tasksetChecked = cores >= 2 && (existsSync('/usr/bin/taskset') || existsSync('/bin/taskset'));
  }
  return tasksetChecked;
}

/** Pins the calling process (the bench itself: the client side) to a core, when possible. */
export function pinSelf(core) {
  if (!canPin()) return false;
  try {
    execFileSync('taskset', ['-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Spawns a tracked child, pinned to `core` with taskset when possible (taskset execs the command,
 * so the pid is the command's own).
 * @param {string} command
 * @param {string[]} args
 * @param {{ core?: number, env?: NodeJS.ProcessEnv, cwd?: string, stdio?: any }} [options]
 */
export function spawnTracked(command, args, options = {}) {
  hookExit();
  if (interrupted) throw new Error('bench interrupted');
  const pinned = options.core !== undefined && canPin();
  const child = spawn(pinned ? 'taskset' : command, pinned ? ['-c', String(options.core), command, ...args] : args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Stops a tracked child: SIGTERM, then SIGKILL after `graceMs`. Resolves when it has exited. */
export function stopChild(child, graceMs = 2000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Stops every child still running. */
export async function stopAll() {
  await Promise.all([...live].map((child) => stopChild(child)));
}

/** Runs a command to completion, capturing output; rejects (with its stderr tail) on a non-zero exit. */
export function runToEnd(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command}: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else {
        const tail = (stderr || stdout).trim().split('\n').slice(-15).join('\n');
        reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}${tail ? `:\n${tail}` : ''}`));
      }
    });
  });
}

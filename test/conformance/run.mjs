#!/usr/bin/env node
/**
 * `npm run conformance`: build examples/conformance, serve it on an ephemeral loopback port, run the
 * official conformance suites against it (@modelcontextprotocol/conformance 0.1.16 and
 * 0.2.0-alpha.12, `--suite all`), and print one line per scenario. Exit 0 only when every scenario of
 * every suite ran and passed with no FAILURE and no WARNING check.
 *
 * Options:
 *   --suite 0.1|0.2|both   which suite line to run (default both)
 *   --scenario NAME        run one scenario (repeatable)
 *   --url URL              test a server that is already running (skips build and start)
 *   --no-build             do not rebuild the runtime and the example first
 *   --json FILE            also write the results as JSON
 *   --allow-warnings       warnings do not fail the run
 *   --keep DIR             keep the suites' checks.json files under DIR
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HOOK = join(ROOT, 'test/conformance/fs-glob-hook.mjs');
const EXAMPLE = join(ROOT, 'examples/conformance');
const SUITES = {
  '0.1': { pkg: 'conformance-0.1', label: '@modelcontextprotocol/conformance 0.1.16' },
  '0.2': { pkg: 'conformance-0.2', label: '@modelcontextprotocol/conformance 0.2.0-alpha.12' },
};
/** Longest a whole suite may take before it is stopped (and counted as failed). */
const SUITE_TIMEOUT_MS = 240_000;
const START_TIMEOUT_MS = 20_000;

function parseArgs(argv) {
  const opts = { suites: ['0.1', '0.2'], scenarios: [], url: undefined, build: true, json: undefined, allowWarnings: false, keep: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--suite') {
      const v = value();
      if (v === 'both') opts.suites = ['0.1', '0.2'];
      else if (v in SUITES) opts.suites = [v];
      else throw new Error(`--suite must be 0.1, 0.2 or both (got ${v})`);
    } else if (a === '--scenario') opts.scenarios.push(value());
    else if (a === '--url') opts.url = value();
    else if (a === '--no-build') opts.build = false;
    else if (a === '--json') opts.json = value();
    else if (a === '--allow-warnings') opts.allowWarnings = true;
    else if (a === '--keep') opts.keep = value();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0] + '*/\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

/** Run a command to completion; resolves with its exit code and output, rejects never. */
function run(cmd, args, { cwd = ROOT, env = process.env, timeoutMs = 300_000, echo = false } = {}) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d) => {
      out += d;
      if (echo) process.stderr.write(d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      out += `\n[runner] ${cmd} ${args.join(' ')} timed out after ${timeoutMs} ms\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code: code ?? (signal ? 1 : 0), out });
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolveRun({ code: 1, out: `${out}\n${err.message}` });
    });
  });
}

/** Start the example server on an ephemeral port; resolves with its URL and a stop function. */
function startServer() {
  return new Promise((resolveStart, rejectStart) => {
    const child = spawn(process.execPath, [join(EXAMPLE, 'dist/main.js'), 'serve'], {
      cwd: EXAMPLE,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MCP_LOG_LEVEL: process.env.MCP_LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    let settled = false;
    const stop = () =>
      new Promise((r) => {
        if (child.exitCode !== null || child.signalCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      void stop();
      rejectStart(new Error(`the example server did not start within ${START_TIMEOUT_MS} ms:\n${log}`));
    }, START_TIMEOUT_MS);
    const onData = (d) => {
      log += d;
      const m = /listening on (http:\/\/\S+)/.exec(log);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        resolveStart({ url: m[1], stop, log: () => log });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => {
      log += d;
    });
    child.on('exit', (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      rejectStart(new Error(`the example server exited with code ${code} before listening:\n${log}`));
    });
  });
}

function suiteCli(suite) {
  return [`--import=${HOOK}`, join(ROOT, 'node_modules', SUITES[suite].pkg, 'dist/index.js')];
}

/** The scenario names `list --server` prints for a suite. */
async function listScenarios(suite) {
  const { code, out } = await run(process.execPath, [...suiteCli(suite), 'list', '--server'], { timeoutMs: 60_000 });
  if (code !== 0) throw new Error(`conformance ${suite} list failed:\n${out}`);
  return [...out.matchAll(/^\s+-\s+(\S+)/gm)].map((m) => m[1]);
}

/** Read every checks.json the suite wrote; the newest directory per scenario wins. */
function readResults(dir) {
  const byScenario = new Map();
  if (!existsSync(dir)) return byScenario;
  for (const entry of readdirSync(dir).sort()) {
    const m = /^server-(.+)-(\d{4}-.+)$/.exec(entry);
    if (!m) continue;
    const file = join(dir, entry, 'checks.json');
    if (!existsSync(file)) continue;
    try {
      byScenario.set(m[1], JSON.parse(readFileSync(file, 'utf8')));
    } catch (err) {
      byScenario.set(m[1], [{ id: 'runner-parse', name: 'ChecksJson', status: 'FAILURE', errorMessage: `cannot parse ${file}: ${err.message}` }]);
    }
  }
  return byScenario;
}

function summarize(name, checks) {
  const count = (s) => checks.filter((c) => c.status === s).length;
  const failures = checks.filter((c) => c.status === 'FAILURE');
  const warnings = checks.filter((c) => c.status === 'WARNING');
  return {
    scenario: name,
    passed: count('SUCCESS'),
    failed: failures.length,
    warnings: warnings.length,
    skipped: count('SKIPPED'),
    info: count('INFO'),
    problems: [...failures, ...warnings].map((c) => `${c.status} ${c.id}: ${c.errorMessage ?? c.description ?? ''}`.slice(0, 400)),
  };
}

async function runSuite(suite, url, opts) {
  const expected = opts.scenarios.length > 0 ? opts.scenarios : await listScenarios(suite);
  const out = mkdtempSync(join(tmpdir(), `mcp-gen-conformance-${suite}-`));
  const base = [...suiteCli(suite), 'server', '--url', url, '-o', out];
  let log = '';
  if (opts.scenarios.length === 0) {
    const r = await run(process.execPath, [...base, '--suite', 'all'], { timeoutMs: SUITE_TIMEOUT_MS });
    log = r.out;
  } else {
    for (const s of opts.scenarios) {
      const r = await run(process.execPath, [...base, '--scenario', s], { timeoutMs: SUITE_TIMEOUT_MS });
      log += r.out;
    }
  }
  const results = readResults(out);
  const rows = expected.map((name) =>
    results.has(name)
      ? summarize(name, results.get(name))
      : summarize(name, [{ id: 'runner-missing', status: 'FAILURE', errorMessage: 'the suite wrote no checks.json for this scenario (crashed or timed out)' }]),
  );
  if (opts.keep) {
    const dest = join(resolve(opts.keep), suite);
    mkdirSync(dest, { recursive: true });
    await run('cp', ['-r', `${out}/.`, dest]);
  }
  rmSync(out, { recursive: true, force: true });
  return { suite, label: SUITES[suite].label, rows, log };
}

function printSuite(r) {
  const pass = r.rows.filter((x) => x.failed === 0 && x.warnings === 0).length;
  const width = Math.max(...r.rows.map((x) => x.scenario.length), 8);
  process.stdout.write(`\n${r.label}\n${'scenario'.padEnd(width)}  result  checks (ok/fail/warn/skip)\n`);
  for (const x of r.rows) {
    const verdict = x.failed > 0 ? 'FAIL' : x.warnings > 0 ? 'WARN' : 'pass';
    process.stdout.write(`${x.scenario.padEnd(width)}  ${verdict.padEnd(6)}  ${x.passed}/${x.failed}/${x.warnings}/${x.skipped}\n`);
    for (const p of x.problems) process.stdout.write(`    ${p}\n`);
  }
  process.stdout.write(`${pass} of ${r.rows.length} scenarios passed without warnings\n`);
  if (r.rows.some((x) => x.problems.some((p) => p.includes('runner-missing')))) {
    process.stdout.write(`--- last lines of the suite's output ---\n${r.log.split('\n').slice(-40).join('\n')}\n`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let server;
  let url = opts.url;
  try {
    if (url === undefined) {
      if (opts.build) {
        const b1 = await run('npm', ['run', 'build'], { timeoutMs: 300_000 });
        if (b1.code !== 0) throw new Error(`npm run build failed:\n${b1.out}`);
        const b2 = await run('npm', ['run', 'build', '-w', 'examples/conformance'], { timeoutMs: 300_000 });
        if (b2.code !== 0) throw new Error(`building examples/conformance failed:\n${b2.out}`);
      }
      server = await startServer();
      url = server.url;
      process.stdout.write(`serving examples/conformance on ${url}\n`);
    }
    const results = [];
    for (const suite of opts.suites) {
      const r = await runSuite(suite, url, opts);
      printSuite(r);
      results.push(r);
    }
    const bad = results.flatMap((r) => r.rows.filter((x) => x.failed > 0 || (!opts.allowWarnings && x.warnings > 0)).map((x) => `${r.suite}:${x.scenario}`));
    if (opts.json) {
      writeFileSync(opts.json, JSON.stringify(results.map((r) => ({ suite: r.suite, label: r.label, rows: r.rows })), null, 2));
    }
    if (bad.length > 0) {
      process.stdout.write(`\nNOT CONFORMANT: ${bad.join(', ')}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`\nall ${results.reduce((n, r) => n + r.rows.length, 0)} scenarios passed\n`);
    }
  } catch (err) {
    process.stderr.write(`conformance runner: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  } finally {
    await server?.stop();
  }
}

await main();

#!/usr/bin/env node
/**
 * `npm run bench`: one command, one main table, all rows measured in the same run.
 * Servers run on core 1, wrk (50 connections) and this script on core 0; rows are visited
 * round-robin for several rounds and the medians are printed, with ratios to the first row.
 * Then the smaller tables: memory per idle session, memory growth under load, the generator at
 * 1,000 tools, and the team's targets (reported, never asserted).
 * See docs/performance.md for how to read the numbers.
 */
import { parseArgs, USAGE } from './lib/args.mjs';
import { canPin, pinSelf, stopAll, wasInterrupted } from './lib/children.mjs';
import { machineInfo } from './lib/machine.mjs';
import { hasWrk, WRK_HINT } from './lib/wrk.mjs';
import { selectRows } from './lib/rows.mjs';
import { buildApp } from './lib/our-app.mjs';
import { brief } from './lib/stats.mjs';
import { startRedis } from './lib/redis.mjs';
import { runMainTable } from './lib/main-table.mjs';
import { measureSessions } from './lib/sessions.mjs';
import { measureGrowth } from './lib/growth.mjs';
import { measureGenerator } from './lib/generator-bench.mjs';
import {
  evaluateTargets,
  generatorTableText,
  growthTableText,
  mainTableText,
  sessionsTableText,
  targetsTableText,
} from './lib/report.mjs';

/** Rows whose memory growth is measured when --rows does not choose: the baseline and ours. */
const DEFAULT_GROWTH_GROUPS = new Set(['ours']);
const DEFAULT_GROWTH_IDS = new Set(['bare']);

function log(message) {
  process.stderr.write(`bench: ${message}\n`);
}

/** Lazily prepares what rows need (the built app, a Redis server), once per run. */
function prerequisites() {
  let app;
  let redis;
  const contextFor = async (row) => {
    const ctx = {};
    for (const need of row.needs ?? []) {
      if (need === 'app') {
        app ??= (log('building bench/app (mcp-gen build + tsc)'), buildApp());
        await app;
      } else if (need === 'redis') {
        redis ??= (log('starting redis-server'), startRedis());
        const started = await redis;
        ctx.redisUrl = started.url;
        ctx.redisPid = started.pid;
      }
    }
    return ctx;
  };
  return contextFor;
}

async function forEachRow(rows, contextFor, measureOne, name) {
  const results = [];
  for (const row of rows) {
    log(`${name}: ${row.id}`);
    try {
      results.push({ group: row.group, ...(await measureOne(row, await contextFor(row))) });
    } catch (error) {
      log(`${name}: ${row.id}: ${error.message}`);
      results.push({ id: row.id, group: row.group, ok: false, failure: brief(error) });
    }
  }
  return results;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!hasWrk()) {
    process.stderr.write(`${WRK_HINT}\n`);
    return 1;
  }
  const rows = selectRows(options.rows);
  // Read the machine before pinning: a pinned process sees one core.
  const machine = machineInfo(canPin());
  pinSelf(0);
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const started = new Date();
  const contextFor = prerequisites();

  const report = { command, started: started.toISOString(), mode: options.quick ? 'quick' : 'full', machine, options: { ...options } };
  if (options.tables.includes('main')) {
    report.main = await runMainTable(rows, contextFor, options, log);
  }
  if (options.tables.includes('sessions')) {
    // Stateless rows open no sessions (which rows are stateful is known once they answered initialize);
    // the cold-request reference (bare) is timed on as many requests instead.
    const stateful = rows.filter((r) => r.coldReference || report.main?.find((m) => m.id === r.id)?.stateful !== false);
    report.sessions = await forEachRow(stateful, contextFor, (row, ctx) => measureSessions(row, ctx, options), 'sessions');
  }
  if (options.tables.includes('growth')) {
    const chosen = options.rows !== undefined ? rows : rows.filter((r) => DEFAULT_GROWTH_GROUPS.has(r.group) || DEFAULT_GROWTH_IDS.has(r.id));
    report.growth = await forEachRow(chosen, contextFor, (row, ctx) => measureGrowth(row, ctx, options), 'growth');
  }
  if (options.tables.includes('generator')) {
    try {
      report.generator = await measureGenerator(options, log);
    } catch (error) {
      log(`generator: ${error.message}`);
      report.generator = { ok: false, failure: brief(error) };
    }
  }
  if (wasInterrupted()) return 130;
  report.targets = evaluateTargets(report);
  report.seconds = Math.round((Date.now() - started.getTime()) / 1000);
  report.loadAverageAtEnd = machineInfo(false).loadAverage;

  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const out = [];
    out.push(`# mcp-gen bench (${report.mode}) ${report.started}`, '');
    out.push(
      `machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}; node ${machine.node}; ${machine.wrk}`,
      `pinning: ${machine.pinning}; load average at start: ${machine.loadAverage.join(' ')}`,
      `command: ${command}`,
      `load: wrk 1 thread, ${options.connections} connections, POST tools/call add; ${options.rounds} interleaved rounds x ${options.seconds} s after ${options.warmSeconds} s warm-up per row; medians`,
      '',
    );
    if (report.main) out.push('## Throughput and latency (tools/call)', '', mainTableText(report.main), '');
    if (report.sessions) out.push(`## Memory per idle session (${options.sessions} sessions)`, '', sessionsTableText(report.sessions), '');
    if (report.growth) out.push(`## Memory growth (${options.warmCalls} warm-up calls, then ${options.calls} calls in two halves)`, '', growthTableText(report.growth), '');
    if (report.generator) out.push(`## Generator (${options.tools} tools)`, '', generatorTableText(report.generator), '');
    out.push(
      '## Targets',
      '',
      targetsTableText(report.targets),
      '',
      `total time: ${report.seconds} s; load average at end: ${report.loadAverageAtEnd.join(' ')}` +
        (Math.max(machine.loadAverage[0], report.loadAverageAtEnd[0]) > machine.cores
          ? ` - above ${machine.cores} cores: other processes competed for the CPU, compare ratios and CPU us/req rather than req/s`
          : ''),
    );
    process.stdout.write(`${out.join('\n')}\n`);
  }
  return 0;
}

let code;
try {
  code = await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  code = 1;
} finally {
  await stopAll();
}
process.exit(wasInterrupted() ? 130 : code);

/**
 * The main table: every selected row's server runs at once (idle ones cost nothing); after a warm-up
 * per row, wrk visits the rows round-robin for `rounds` rounds, so a slow minute of a shared machine
 * spreads over all rows instead of hitting one. Medians over the rounds.
 */
import { runWrk } from './wrk.mjs';
import { cpuSeconds, rssBytes } from './proc-stats.mjs';
import { LOADER_CORE } from './server.mjs';
import { callAdd } from './mcp-client.mjs';
import { brief, median } from './stats.mjs';
import { replyKind, startRow } from './row-runner.mjs';
import { redisCommandCount } from './redis.mjs';

async function measure(entry, seconds, options) {
  const pid = entry.running.server.pid;
  const redisUrl = entry.running.ctx.redisUrl;
  const redisPid = entry.running.ctx.redisPid;
  const redisBefore = redisUrl === undefined ? 0 : await redisCommandCount(redisUrl);
  const redisCpuBefore = redisPid === undefined ? 0 : cpuSeconds(redisPid);
  const cpuBefore = cpuSeconds(pid);
  const result = await runWrk({
    url: entry.running.server.url,
    headers: entry.running.headers,
    seconds,
    connections: options.connections,
    core: LOADER_CORE,
  });
  const cpu = cpuSeconds(pid) - cpuBefore;
  const redisCpu = redisPid === undefined ? Number.NaN : cpuSeconds(redisPid) - redisCpuBefore;
  if (redisUrl !== undefined) entry.redisCommands = (entry.redisCommands ?? 0) + (await redisCommandCount(redisUrl)) - redisBefore;
  return {
    redisCpuUsPerRequest: result.requests > 0 ? (redisCpu * 1e6) / result.requests : Number.NaN, ...result, cpuUsPerRequest: result.requests > 0 ? (cpu * 1e6) / result.requests : Number.NaN };
}

/**
 * @param {any[]} rows selected rows
 * @param {(row: any) => Promise<any>} contextFor resolves a row's prerequisites (app build, Redis)
 * @returns {Promise<any[]>} one result per row, in row order
 */
export async function runMainTable(rows, contextFor, options, log) {
  const entries = rows.map((row) => ({ row, running: undefined, samples: [], failure: undefined, notes: [] }));
  for (const entry of entries) {
    log(`starting ${entry.row.id}`);
    try {
      const ctx = await contextFor(entry.row);
      entry.running = { ...(await startRow(entry.row, ctx)), ctx };
      const kind = replyKind(entry.running.replyType);
      const expected = entry.row.expectReply ?? 'json';
      if (kind !== expected) entry.notes.push(`replied ${kind}, expected ${expected}`);
    } catch (error) {
      entry.failure = `not run: ${brief(error)}`;
      log(`${entry.row.id}: ${error.message}`);
    }
  }
  const live = () => entries.filter((e) => e.running !== undefined && e.failure === undefined);
  try {
    for (const entry of live()) {
      log(`warm-up ${entry.row.id} (${options.warmSeconds} s)`);
      try {
        await measure(entry, options.warmSeconds, options);
      } catch (error) {
        entry.failure = `failed in warm-up: ${brief(error)}`;
      }
    }
    for (let round = 1; round <= options.rounds; round++) {
      for (const entry of live()) {
        log(`round ${round}/${options.rounds}: ${entry.row.id} (${options.seconds} s)`);
        try {
          entry.samples.push(await measure(entry, options.seconds, options));
        } catch (error) {
          entry.failure = `failed in round ${round}: ${brief(error)}`;
        }
      }
    }
    for (const entry of live()) {
      const served = entry.samples.reduce((sum, x) => sum + x.requests, 0);
      // A Redis row whose app never talks to Redis would silently measure the memory stores.
      if (entry.redisCommands !== undefined && entry.redisCommands < served / 2) {
        entry.failure = `Redis saw ${entry.redisCommands} commands for ${served} calls: the app did not use MCP_REDIS_URL`;
      }
      try {
        entry.rss = rssBytes(entry.running.server.pid);
        await callAdd(entry.running.server.url, entry.running.headers, 40, 2, 7);
      } catch (error) {
        entry.failure = `wrong after load: ${brief(error)}`;
      }
    }
  } finally {
    await Promise.all(entries.filter((e) => e.running !== undefined).map((e) => e.running.server.stop()));
  }
  return entries.map((entry) => summarize(entry));
}

function summarize(entry) {
  const s = entry.samples;
  const errors = s.reduce((sum, x) => sum + x.errorCount, 0);
  const requests = s.reduce((sum, x) => sum + x.requests, 0);
  return {
    id: entry.row.id,
    label: entry.row.label,
    group: entry.row.group,
    ok: entry.failure === undefined && s.length > 0,
    failure: entry.failure,
    notes: entry.notes,
    stateful: entry.running?.sessionId !== undefined,
    reply: entry.running ? replyKind(entry.running.replyType) : undefined,
    rounds: s.length,
    rps: median(s.map((x) => x.rps)),
    rpsPerRound: s.map((x) => Math.round(x.rps)),
    p50Ms: median(s.map((x) => x.latencyUs.p50 / 1000)),
    p99Ms: median(s.map((x) => x.latencyUs.p99 / 1000)),
    cpuUsPerRequest: median(s.map((x) => x.cpuUsPerRequest)),
    redisCpuUsPerRequest: median(s.map((x) => x.redisCpuUsPerRequest)),
    rssBytes: entry.rss,
    requests,
    errors,
    errorKinds: Object.fromEntries(['connect', 'read', 'write', 'status', 'timeout'].map((k) => [k, s.reduce((sum, x) => sum + (x.errors[k] ?? 0), 0)])),
  };
}

/**
 * Turning results into text tables (Markdown, so docs/performance.md can hold them verbatim) and
 * checking the team's targets. Targets are reported (met / not met / not measured), never asserted.
 */

const MB = 2 ** 20;
const fixed = (n, digits) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const kb = (bytes) => fixed(bytes / 1024, 1);
const mbs = (...values) => values.map((v) => fixed(v / MB, 1)).join(' / ');
const arrow = (from, to) => `${fixed(from / MB, 1)} -> ${fixed(to / MB, 1)}`;
const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');

/** A Markdown table with padded columns; `right` lists the right-aligned column indexes. */
export function markdownTable(header, rows, right = []) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const cell = (text, i) => (right.includes(i) ? String(text).padStart(widths[i]) : String(text).padEnd(widths[i]));
  const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right.includes(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function mainTableText(results) {
  const base = results.find((r) => r.ok);
  const baseName = base?.id ?? 'first row';
  const rows = results.map((r, i) => [
    i + 1,
    r.id,
    r.ok ? int(r.rps) : '-',
    r.ok && base ? fixed(r.rps / base.rps, 2) : '-',
    r.ok && base ? fixed(base.cpuUsPerRequest / r.cpuUsPerRequest, 2) : '-',
    r.ok ? fixed(r.p50Ms, 2) : '-',
    r.ok ? fixed(r.p99Ms, 2) : '-',
    r.ok ? fixed(r.cpuUsPerRequest, 0) : '-',
    r.ok ? fixed((r.rps * r.cpuUsPerRequest) / 1e4, 0) : '-',
    r.ok && r.rssBytes ? fixed(r.rssBytes / MB, 0) : '-',
    r.ok ? int(r.errors) : '-',
    r.label,
  ]);
  const table = markdownTable(
    ['#', 'row', 'req/s', `x ${baseName}`, 'x CPU', 'p50 ms', 'p99 ms', 'CPU us/req', 'server CPU %', 'RSS MB', 'errors', 'server'],
    rows,
    [0, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  const notes = results.flatMap((r) => [
    ...(r.failure ? [`- ${r.id}: ${r.failure}`] : []),
    ...r.notes.map((n) => `- ${r.id}: ${n}`),
    ...(r.ok && Number.isFinite(r.redisCpuUsPerRequest)
      ? [`- ${r.id}: CPU us/req counts the app only; redis-server (same core) used another ${fixed(r.redisCpuUsPerRequest, 0)} us/req`]
      : []),
    ...(r.ok && r.errors > 0
      ? [`- ${r.id}: ${r.errors} of ${r.requests} requests failed (${Object.entries(r.errorKinds).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')}; status = non-2xx reply): read its numbers with care`]
      : []),
  ]);
  return notes.length > 0 ? `${table}\n\n${notes.join('\n')}` : table;
}

export function sessionsTableText(results) {
  const rows = results.map((r) =>
    r.ok && r.coldReference
      ? [r.id, `- (${int(r.requests)} calls)`, fixed(r.openSeconds, 2), fixed((r.serverCpuSeconds * 2e6) / r.requests, 0), '-', '-', '-', 'reference: cold requests, no sessions']
      : r.ok && !r.stateless
      ? [
          r.id,
          `${int(r.sessions)}${r.budgetHit ? ' (time budget)' : ''}`,
          fixed(r.openSeconds, 2),
          fixed((r.serverCpuSeconds * 1e6) / r.sessions, 0),
          kb(r.bytesPerSession),
          r.keptBytesPerSession !== undefined ? kb(r.keptBytesPerSession) : '-',
          arrow(r.rssBeforeBytes, r.rssAfterBytes),
          r.keptBytesPerSession !== undefined ? arrow(r.youngGenBeforeBytes, r.youngGenAfterBytes) : '-',
        ]
      : [r.id, '-', '-', '-', '-', '-', '-', r.ok ? 'stateless: no sessions' : `not run: ${r.failure}`],
  );
  const table = markdownTable(
    ['row', 'sessions', 'open s', 'server CPU us/session', 'RSS KB/session', 'kept KB/session', 'RSS MB', 'young gen MB'],
    rows,
    [1, 2, 3, 4, 5],
  );
  const notes = results.filter((r) => r.failedReplies > 0).map((r) => `- ${r.id}: ${r.failedReplies} replies while opening sessions were errors (not 200/202)`);
  const reference = results.find((r) => r.ok && r.coldReference);
  if (reference) {
    notes.push(
      `- ${reference.id}: opens no sessions; its open s (and CPU) is ${int(reference.requests)} tools/call (2 per session) on a fresh server after the same warm-up: what node:http itself needs for as many requests while V8 is still optimizing, in this run`,
    );
  }
  const repeated = results.filter((r) => r.ok && (!r.stateless || r.coldReference) && r.repeats > 1);
  if (repeated.length > 0) {
    notes.push(`- medians of ${repeated[0].repeats} runs on fresh servers; open s of each run: ${repeated.map((r) => `${r.id} ${r.openSecondsRuns.map((x) => fixed(x, 2)).join('/')}`).join(', ')}`);
  }
  return notes.length > 0 ? `${table}\n\n${notes.join('\n')}` : table;
}

export function growthTableText(results) {
  const rows = results.map((r) =>
    r.ok
      ? [
          r.id,
          `${int(r.calls)}${r.budgetHit ? ' (time budget)' : ''}`,
          mbs(r.rssWarmBytes, r.rssHalfBytes, r.rssEndBytes),
          r.keptEnd ? mbs(r.keptWarm.keptBytes, r.keptHalf.keptBytes, r.keptEnd.keptBytes) : '-',
          r.keptEnd ? mbs(r.keptWarm.youngGenBytes, r.keptHalf.youngGenBytes, r.keptEnd.youngGenBytes) : '-',
          fixed(r.secondHalfGrowthBytes / MB, 1),
          r.keptEnd ? fixed(r.keptSecondHalfBytes / MB, 2) : '-',
          r.grows ? 'grows' : 'flat',
        ]
      : [r.id, '-', '-', '-', '-', '-', '-', `not run: ${r.failure}`],
  );
  return markdownTable(
    ['row', 'calls', 'RSS MB (warm / half / end)', 'kept MB (warm / half / end)', 'young gen MB', 'RSS 2nd half MB', 'kept 2nd half MB', 'verdict'],
    rows,
    [1, 5, 6],
  );
}

export function generatorTableText(result) {
  if (!result.ok) return `not run: ${result.failure}`;
  const step = (name, t, digits = 2) => [name, fixed(t.wall, digits), fixed(t.cpu, digits)];
  return markdownTable(
    ['step', 'wall s', 'CPU s'],
    [
      step(`cold mcp-gen build (${int(result.tools)} tools)`, result.coldBuild),
      step('no-op rebuild', result.noopBuild),
      step('mcp-gen build --check', result.check),
      step('tsc of the generated project', result.tsc),
      step(`server start-up, ${int(result.tools)} tools (spawn to first initialize, median of 5)`, result.startup, 3),
      step('server start-up, 1 tool (bench/app)', result.startupOneTool, 3),
    ],
    [1, 2],
  );
}

/** The team's targets, evaluated on whatever was measured. */
export function evaluateTargets({ main = [], sessions = [], growth = [], generator }) {
  const ok = (id, list) => list.find((r) => r.id === id && r.ok);
  // Verdict on req/s as the targets are written; the CPU ratio (CPU us/req of `of` / of `id`) is shown beside
  // it because it holds still when other processes compete for the cores.
  const ratio = (id, of, goal, text) => {
    const a = ok(id, main);
    const b = ok(of, main);
    if (!a || !b) return { target: text, measured: '-', goal: `>= ${goal}`, verdict: 'not measured' };
    const value = a.rps / b.rps;
    const cpu = b.cpuUsPerRequest / a.cpuUsPerRequest;
    return { target: text, measured: `${fixed(value, 2)} (CPU ${fixed(cpu, 2)})`, goal: `>= ${goal}`, verdict: value >= goal ? 'met' : 'not met' };
  };
  const targets = [
    // The issue's throughput targets are for the app with input validation, auth and a rate limit on.
    ratio('ours-auth', 'bare', 0.5, 'standalone, apikey + rate limit, JSON vs bare (req/s)'),
    ratio('ours-auth-sse', 'bare', 0.4, 'standalone, apikey + rate limit, SSE vs bare (req/s)'),
    ratio('ours-mounted', 'express', 0.8, 'mounted vs bare express (req/s)'),
    ratio('ours-redis', 'ours-auth', 0.5, 'Redis vs in-memory, auth + rate limit (req/s)'),
  ];
  const session = sessions.find((r) => r.id === 'ours-json' && r.ok && !r.stateless);
  const coldFloor = sessions.find((r) => r.ok && r.coldReference);
  // Judged on what a session keeps (JS heap + external after GC); the raw RSS delta is quoted beside it.
  // Without the GC report only the raw delta exists and is judged.
  const perSession = session?.keptBytesPerSession ?? session?.bytesPerSession;
  targets.push(
    session
      ? {
          target: 'memory per idle session (kept after GC)',
          measured: `${kb(perSession)} KB (raw RSS delta ${kb(session.bytesPerSession)} KB)`,
          goal: '<= 4 KB',
          verdict: perSession <= 4096 ? 'met' : 'not met',
        }
      : { target: 'memory per idle session', measured: '-', goal: '<= 4 KB', verdict: 'not measured' },
    session
      ? { target: `time to open ${int(session.sessions)} sessions`, measured: `${fixed(session.openSeconds, 2)} s${coldFloor ? ` (bare node:http, as many cold requests: ${fixed(coldFloor.openSeconds, 2)} s)` : ''}`, goal: '< 0.5 s (1,000)', verdict: session.sessions >= 1000 && session.openSeconds < 0.5 ? 'met' : session.sessions >= 1000 ? 'not met' : 'not measured' }
      : { target: 'time to open 1,000 sessions', measured: '-', goal: '< 0.5 s', verdict: 'not measured' },
  );
  const ours = growth.filter((r) => r.group === 'ours');
  const measuredOurs = ours.filter((r) => r.ok);
  const fullCalls = measuredOurs.length > 0 && measuredOurs.every((r) => r.calls >= 100_000);
  targets.push({
    target: 'growth over the 2nd 50,000 of 100,000 calls, kept after GC (our rows)',
    measured: measuredOurs.length > 0 ? measuredOurs.map((r) => `${r.id} ${fixed(r.judgedSecondHalfBytes / MB, 2)} MB`).join(', ') : '-',
    goal: 'flat (< 1 MB)',
    verdict: measuredOurs.length === 0 || !fullCalls ? 'not measured' : measuredOurs.some((r) => r.grows) ? 'not met' : 'met',
  });
  const gen = generator?.ok ? generator : undefined;
  const genTarget = (text, value, goal) =>
    gen && gen.tools >= 1000
      ? { target: text, measured: `${fixed(value.wall, 2)} s (CPU ${fixed(value.cpu, 2)} s)`, goal: `<= ${goal} s`, verdict: value.wall <= goal ? 'met' : 'not met' }
      : { target: text, measured: '-', goal: `<= ${goal} s`, verdict: 'not measured' };
  targets.push(
    genTarget('1,000 tools: cold build', gen?.coldBuild, 5),
    genTarget('1,000 tools: no-op rebuild', gen?.noopBuild, 0.5),
    genTarget('1,000 tools: server start-up', gen?.startup, 0.3),
  );
  return targets;
}

export function targetsTableText(targets) {
  return markdownTable(
    ['target', 'measured', 'goal', 'verdict'],
    targets.map((t) => [t.target, t.measured, t.goal, t.verdict]),
  );
}

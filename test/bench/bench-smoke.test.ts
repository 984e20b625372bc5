/**
 * Smoke test of `npm run bench`: a quick run of the `bare` row must print the tables with the right
 * columns, a measured row and no failed requests. It never asserts how fast anything is.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RUN = fileURLToPath(new URL('../../bench/run.mjs', import.meta.url));

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function bench(args: string[], timeoutMs = 90_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [RUN, ...args], { timeout: timeoutMs, maxBuffer: 8 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Splits one Markdown table row into trimmed cells. */
function cells(line: string): string[] {
  return line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

/** The lines of the Markdown table that follows `heading`. */
function tableAfter(output: string, heading: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  expect(start, `heading "${heading}" in:\n${output}`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(start + 1);
  const first = rest.findIndex((l) => l.startsWith('|'));
  const table: string[] = [];
  for (const line of rest.slice(first)) {
    if (!line.startsWith('|')) break;
    table.push(line);
  }
  return table;
}

// CI installs wrk (.ci/run); on a developer machine without it the smoke run is skipped, not failed.
const canRun = hasWrk() || process.env['CI'] === 'true';

describe('npm run bench', () => {
  it('rejects an unknown row, naming the known ones', async () => {
    const result = await bench(['--rows', 'no-such-row']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown row(s) no-such-row');
    expect(result.stderr).toContain('bare');
  });

  it('rejects an unknown option with the usage text', async () => {
    const result = await bench(['--fast']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown option --fast');
    expect(result.stderr).toContain('--rows a,b');
  });

  it.skipIf(!canRun)('prints the main, sessions, growth and targets tables for a quick run of the bare row', async () => {
    const result = await bench(['--quick', '--rows', 'bare', '--tables', 'main,sessions,growth']);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^machine: \d+ cores, /m);
    expect(out).toMatch(/^command: npm run bench -- --quick --rows bare/m);

    const main = tableAfter(out, '## Throughput and latency');
    expect(cells(main[0] ?? '')).toEqual(['#', 'row', 'req/s', 'x bare', 'x CPU', 'p50 ms', 'p99 ms', 'CPU us/req', 'server CPU %', 'RSS MB', 'errors', 'server']);
    expect(main).toHaveLength(3);
    const row = cells(main[2] ?? '');
    expect(row[1]).toBe('bare');
    for (const value of row.slice(2, 10)) expect(value, `numeric cell in ${main[2]}`).toMatch(/^[\d,]+(\.\d+)?$/);
    expect(row[3]).toBe('1.00');
    expect(row[4]).toBe('1.00');
    expect(row[10]).toBe('0');

    // bare opens no sessions: it is timed on as many cold requests, the reference for the open time.
    const sessions = tableAfter(out, '## Memory per idle session');
    const reference = cells(sessions[2] ?? '');
    expect(reference[0]).toBe('bare');
    expect(reference[1]).toBe('- (400 calls)');
    expect(reference[2], sessions[2]).toMatch(/^\d+\.\d\d$/);
    expect(reference[3], sessions[2]).toMatch(/^\d+$/);
    expect(reference[7]).toBe('reference: cold requests, no sessions');

    const growth = tableAfter(out, '## Memory growth');
    expect(cells(growth[0] ?? '')).toEqual(['row', 'calls', 'RSS MB (warm / half / end)', 'kept MB (warm / half / end)', 'young gen MB', 'RSS 2nd half MB', 'kept 2nd half MB', 'verdict']);
    const growthRow = cells(growth[2] ?? '');
    expect(growthRow[0]).toBe('bare');
    expect(Number((growthRow[1] ?? '').replaceAll(',', ''))).toBeGreaterThanOrEqual(5000);
    // Every node server gets the GC preload, so the after-GC columns are measured, not '-'.
    for (const triple of growthRow.slice(2, 5)) expect(triple, growth[2]).toMatch(/^\d+\.\d \/ \d+\.\d \/ \d+\.\d$/);
    expect(growthRow[6]).toMatch(/^-?\d+\.\d\d$/);
    expect(['flat', 'grows']).toContain(growthRow[7]);

    const targets = tableAfter(out, '## Targets');
    expect(cells(targets[0] ?? '')).toEqual(['target', 'measured', 'goal', 'verdict']);
    expect(targets.length).toBeGreaterThan(2);
  }, 120_000);

  it.skipIf(!canRun)('prints one JSON document with --json', async () => {
    const result = await bench(['--quick', '--rows', 'bare', '--tables', 'main', '--seconds', '1', '--rounds', '1', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { main: Array<{ id: string; ok: boolean; rps: number; errors: number }>; machine: { node: string } };
    expect(report.machine.node).toBe(process.version);
    expect(report.main).toHaveLength(1);
    expect(report.main[0]).toMatchObject({ id: 'bare', ok: true, errors: 0 });
    expect(report.main[0]?.rps).toBeGreaterThan(0);
  }, 120_000);
});

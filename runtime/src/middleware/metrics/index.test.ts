import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { register as globalRegistry } from 'prom-client';
import { createMetrics } from './index.js';

describe('createMetrics', () => {
  it('counts requests, calls, rejections and gauges on its own registry', async () => {
    const m = createMetrics({ processMetrics: false });
    const o = m.observer;
    o.requestDone!({ requestId: '1', method: 'POST', path: '/mcp', status: 200, durationMs: 2, ip: '' });
    o.requestDone!({ requestId: '2', method: 'POST', path: '/mcp', status: 200, durationMs: 3, ip: '' });
    o.requestDone!({ requestId: '3', method: 'BREW', path: '/mcp', status: 405, durationMs: 1, ip: '' });
    o.callDone!({ kind: 'tool', name: 'math.add', outcome: 'ok', durationMs: 1 });
    o.rateLimited!('server');
    o.gauge!('sessions', 7);
    o.gauge!('streams', 2);
    const text = await m.registry.metrics();
    expect(text).toContain('mcp_http_requests_total{method="POST",status="200"} 2');
    expect(text).toContain('mcp_http_requests_total{method="OTHER",status="405"} 1');
    expect(text).toContain('mcp_calls_total{kind="tool",name="math.add",outcome="ok"} 1');
    expect(text).toContain('mcp_rate_limited_total{scope="server"} 1');
    expect(text).toContain('mcp_sessions_open 7');
    expect(text).toContain('mcp_streams_open 2');
    expect(text).toContain('mcp_http_request_duration_seconds_bucket');
    expect(await globalRegistry.metrics()).not.toContain('mcp_http_requests_total');
    // two servers in one process do not collide (the registry, and process metrics, start on first read)
    expect(() => createMetrics({ processMetrics: true }).registry).not.toThrow();
    expect(() => createMetrics({ processMetrics: true }).registry).not.toThrow();
  });

  it('histograms are cumulative with +Inf, _sum and _count; counters add up across scrapes', async () => {
    const m = createMetrics({ processMetrics: false });
    const o = m.observer;
    for (const ms of [0.2, 3, 3, 20000]) o.requestDone!({ requestId: 'x', method: 'POST', path: '/mcp', status: 200, durationMs: ms, ip: '' });
    o.callDone!({ kind: 'tool', name: 'math.add', outcome: 'ok', durationMs: 2 });
    let text = await m.registry.metrics();
    expect(text).toContain('# TYPE mcp_http_request_duration_seconds histogram');
    expect(text).toContain('mcp_http_request_duration_seconds_bucket{le="0.0005",method="POST"} 1');
    expect(text).toContain('mcp_http_request_duration_seconds_bucket{le="0.001",method="POST"} 1');
    expect(text).toContain('mcp_http_request_duration_seconds_bucket{le="0.005",method="POST"} 3');
    expect(text).toContain('mcp_http_request_duration_seconds_bucket{le="10",method="POST"} 3');
    expect(text).toContain('mcp_http_request_duration_seconds_bucket{le="+Inf",method="POST"} 4');
    expect(text).toContain('mcp_http_request_duration_seconds_count{method="POST"} 4');
    expect(text).toMatch(/mcp_http_request_duration_seconds_sum\{method="POST"\} 20\.0062/);
    expect(text).toContain('mcp_call_duration_seconds_bucket{le="0.005",kind="tool"} 1');
    expect(text).toContain('mcp_http_requests_total{method="POST",status="200"} 4');
    o.requestDone!({ requestId: 'y', method: 'POST', path: '/mcp', status: 200, durationMs: 1, ip: '' });
    o.callDone!({ kind: 'tool', name: 'math.add', outcome: 'ok', durationMs: 2 });
    text = await m.registry.metrics();
    expect(text).toContain('mcp_http_requests_total{method="POST",status="200"} 5');
    expect(text).toContain('mcp_calls_total{kind="tool",name="math.add",outcome="ok"} 2');
    expect(text).toContain('mcp_http_request_duration_seconds_count{method="POST"} 5');
  });

  it('bounds call-name cardinality', async () => {
    const m = createMetrics({ processMetrics: false });
    for (let i = 0; i < 2100; i++) m.observer.callDone!({ kind: 'tool', name: `t${i}`, outcome: 'error', durationMs: 0 });
    const text = await m.registry.metrics();
    expect(text).toContain('name="_other"');
  });

  it('loads prom-client on the first scrape, not when a server starts (the built runtime, in a fresh process)', () => {
    const runtime = fileURLToPath(new URL('../../../dist/index.js', import.meta.url));
    const script = `
      import { createRequire } from 'node:module';
      const { createMetrics } = await import(${JSON.stringify(runtime)});
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/prom-client/'));
      const m = createMetrics();
      m.observer.requestDone({ requestId: '1', method: 'POST', path: '/mcp', status: 200, durationMs: 1, ip: '' });
      const before = loaded();
      const text = await m.registry.metrics();
      console.log(JSON.stringify({ before, after: loaded(), counted: text.includes('mcp_http_requests_total{method="POST",status="200"} 1') }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(JSON.parse(out.trim())).toEqual({ before: false, after: true, counted: true });
  });
});

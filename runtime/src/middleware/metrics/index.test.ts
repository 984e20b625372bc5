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
    // two servers in one process do not collide
    expect(() => createMetrics({ processMetrics: true })).not.toThrow();
    expect(() => createMetrics({ processMetrics: true })).not.toThrow();
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
});

/**
 * Prometheus metrics (prom-client) on a per-server Registry, fed as an {@link Observer}:
 * requests by status, request latency, element calls by kind/name/outcome, call latency, rate-limit
 * rejections, open sessions and streams. Label values are bounded (status classes are exact codes,
 * element names come from the registry), so cardinality cannot be driven by a client.
 */
import { createRequire } from 'node:module';
import type { Metric, Registry } from 'prom-client';
import { BucketHistogram } from './bucket-histogram.js';
import type { Observer } from '../types.js';

/** prom-client (with @opentelemetry/api, ~50 ms) is loaded on the first scrape, not at server start. */
const requireCjs = createRequire(import.meta.url);
type PromClient = typeof import('prom-client');

export interface Metrics {
  /** The registry /metrics serves (built, and prom-client loaded, on first read). */
  readonly registry: Registry;
  /** The observer to register; it carries `registry` too, so /metrics can find it among a server's observers. */
  readonly observer: Observer & { readonly registry: Registry };
}

export interface MetricsOptions {
  /** Also collect Node process metrics (CPU, memory, event loop), from the first scrape on. Default true. */
  readonly processMetrics?: boolean;
  /** Metric name prefix. Default `mcp_`. */
  readonly prefix?: string;
}

const MAX_CALL_NAMES = 2000;
const KNOWN_METHODS = new Set(['GET', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PUT', 'PATCH']);

/**
 * @example
 * const metrics = createMetrics();
 * res.setHeader('Content-Type', metrics.registry.contentType);
 * res.end(await metrics.registry.metrics());
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const p = options.prefix ?? 'mcp_';

  // The hot path only bumps plain numbers; prom-client gets the increments when /metrics is read
  // (its collect() hooks), so no call pays for label hashing and validation, and no server start pays
  // for loading prom-client.
  const reqCounts = new Map<string, Map<number, { n: number }>>();
  const callCounts = new Map<string, { labels: { kind: string; name: string; outcome: string }; n: number }>();
  const limitedCounts = new Map<string, number>();
  const open = { sessions: 0, streams: 0 };
  const latency = new BucketHistogram(`${p}http_request_duration_seconds`, 'HTTP request latency', 'method', [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
  ]);
  const callLatency = new BucketHistogram(`${p}call_duration_seconds`, 'Element call latency', 'kind', [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30]);

  let built: Registry | undefined;
  const buildRegistry = (): Registry => {
    const { Counter, Gauge, Registry: PromRegistry, collectDefaultMetrics } = requireCjs('prom-client') as PromClient;
    const registry = new PromRegistry();
    if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: p });
    new Counter({
      name: `${p}http_requests_total`,
      help: 'HTTP requests by method and status',
      labelNames: ['method', 'status'] as const,
      registers: [registry],
      collect() {
        for (const [method, byStatus] of reqCounts) {
          for (const [status, e] of byStatus) {
            if (e.n === 0) continue;
            this.inc({ method, status: String(status) }, e.n);
            e.n = 0;
          }
        }
      },
    });
    registry.registerMetric(latency as unknown as Metric);
    new Counter({
      name: `${p}calls_total`,
      help: 'Tool, resource, prompt and completion calls by outcome',
      labelNames: ['kind', 'name', 'outcome'] as const,
      registers: [registry],
      collect() {
        for (const e of callCounts.values()) {
          if (e.n === 0) continue;
          this.inc(e.labels, e.n);
          e.n = 0;
        }
      },
    });
    registry.registerMetric(callLatency as unknown as Metric);
    new Counter({
      name: `${p}rate_limited_total`,
      help: 'Rate-limit rejections by scope',
      labelNames: ['scope'] as const,
      registers: [registry],
      collect() {
        for (const [scope, n] of limitedCounts) {
          if (n === 0) continue;
          this.inc({ scope }, n);
          limitedCounts.set(scope, 0);
        }
      },
    });
    new Gauge({
      name: `${p}sessions_open`,
      help: 'Open sessions',
      registers: [registry],
      collect() {
        this.set(open.sessions);
      },
    });
    new Gauge({
      name: `${p}streams_open`,
      help: 'Open SSE streams',
      registers: [registry],
      collect() {
        this.set(open.streams);
      },
    });
    return registry;
  };

  const callNames = new Set<string>();

  const observer: Observer & { readonly registry: Registry } = {
    get registry() {
      return (built ??= buildRegistry());
    },
    requestDone(r) {
      try {
        const m = KNOWN_METHODS.has(r.method) ? r.method : 'OTHER';
        let byStatus = reqCounts.get(m);
        if (byStatus === undefined) reqCounts.set(m, (byStatus = new Map()));
        const e = byStatus.get(r.status);
        if (e === undefined) byStatus.set(r.status, { n: 1 });
        else e.n++;
        latency.observe(m, r.durationMs / 1000);
      } catch {
        // observers must not throw
      }
    },
    callDone(c) {
      try {
        // Names come from the registry; the cap still bounds memory if a caller reports unknown names.
        let name = c.name;
        if (!callNames.has(name)) {
          if (callNames.size >= MAX_CALL_NAMES) name = '_other';
          else callNames.add(name);
        }
        const key = `${c.kind}\0${c.outcome}\0${name}`;
        const e = callCounts.get(key);
        if (e === undefined) callCounts.set(key, { labels: { kind: c.kind, name, outcome: c.outcome }, n: 1 });
        else e.n++;
        callLatency.observe(c.kind, c.durationMs / 1000);
      } catch {
        // observers must not throw
      }
    },
    gauge(name, value) {
      if (name === 'sessions') open.sessions = value;
      else open.streams = value;
    },
    rateLimited(scope) {
      // Scopes are `server` or `<kind>:<element>` (registry names), never client text.
      limitedCounts.set(scope, (limitedCounts.get(scope) ?? 0) + 1);
    },
  };
  return {
    get registry() {
      return observer.registry;
    },
    observer,
  };
}

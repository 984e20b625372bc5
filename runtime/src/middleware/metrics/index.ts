/**
 * Prometheus metrics (prom-client) on a per-server Registry, fed as an {@link Observer}:
 * requests by status, request latency, element calls by kind/name/outcome, call latency, rate-limit
 * rejections, open sessions and streams. Label values are bounded (status classes are exact codes,
 * element names come from the registry), so cardinality cannot be driven by a client.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Observer } from '../types.js';

export interface Metrics {
  /** The registry /metrics serves. */
  readonly registry: Registry;
  /** The observer to register; it carries `registry` too, so /metrics can find it among a server's observers. */
  readonly observer: Observer & { readonly registry: Registry };
}

export interface MetricsOptions {
  /** Also collect Node process metrics (CPU, memory, event loop). Default true. */
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
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: p });
  const requests = new Counter({ name: `${p}http_requests_total`, help: 'HTTP requests by method and status', labelNames: ['method', 'status'] as const, registers: [registry] });
  const latency = new Histogram({
    name: `${p}http_request_duration_seconds`,
    help: 'HTTP request latency',
    labelNames: ['method'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const calls = new Counter({ name: `${p}calls_total`, help: 'Tool, resource, prompt and completion calls by outcome', labelNames: ['kind', 'name', 'outcome'] as const, registers: [registry] });
  const callLatency = new Histogram({
    name: `${p}call_duration_seconds`,
    help: 'Element call latency',
    labelNames: ['kind'] as const,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const limited = new Counter({ name: `${p}rate_limited_total`, help: 'Rate-limit rejections by scope', labelNames: ['scope'] as const, registers: [registry] });
  const sessions = new Gauge({ name: `${p}sessions_open`, help: 'Open sessions', registers: [registry] });
  const streams = new Gauge({ name: `${p}streams_open`, help: 'Open SSE streams', registers: [registry] });

  // Pre-bound children: the hot path does a Map lookup, not label hashing.
  const reqChildren = new Map<string, ReturnType<typeof requests.labels>>();
  const latChildren = new Map<string, ReturnType<typeof latency.labels>>();

  const callNames = new Set<string>();

  const observer: Observer & { readonly registry: Registry } = {
    registry,
    requestDone(r) {
      try {
        const m = KNOWN_METHODS.has(r.method) ? r.method : 'OTHER';
        const key = `${m} ${r.status}`;
        let c = reqChildren.get(key);
        if (c === undefined) {
          c = requests.labels(m, String(r.status));
          reqChildren.set(key, c);
        }
        c.inc();
        let h = latChildren.get(m);
        if (h === undefined) {
          h = latency.labels(m);
          latChildren.set(m, h);
        }
        h.observe(r.durationMs / 1000);
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
        calls.labels(c.kind, name, c.outcome).inc();
        callLatency.labels(c.kind).observe(c.durationMs / 1000);
      } catch {
        // observers must not throw
      }
    },
    gauge(name, value) {
      (name === 'sessions' ? sessions : streams).set(value);
    },
    rateLimited(scope) {
      // Scopes are `server` or `<kind>:<element>` (registry names), never client text.
      limited.labels(scope).inc();
    },
  };
  return { registry, observer };
}

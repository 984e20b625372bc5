/**
 * A histogram for prom-client registries that costs a few array writes per observation: one series per
 * label value (a single label), fixed buckets, no label hashing or validation on the hot path. The
 * registry reads it like a prom-client Histogram (`get()` in the same shape), so /metrics output is the same.
 */

interface Series {
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/** The value shape prom-client's Registry formats. */
interface MetricValue {
  readonly labels: Record<string, string | number>;
  readonly value: number;
  readonly metricName: string;
}

export class BucketHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #series = new Map<string, Series>();
  readonly #bounds: readonly number[];

  /**
   * @example
   * const h = new BucketHistogram('mcp_call_duration_seconds', 'Element call latency', 'kind', [0.001, 0.01, 0.1]);
   * registry.registerMetric(h as never);
   * h.observe('tool', 0.004);
   */
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelName: string,
    bounds: readonly number[],
  ) {
    this.#bounds = [...bounds].sort((a, b) => a - b);
  }

  observe(labelValue: string, value: number): void {
    let s = this.#series.get(labelValue);
    if (s === undefined) {
      s = { counts: new Float64Array(this.#bounds.length), sum: 0, count: 0 };
      this.#series.set(labelValue, s);
    }
    const b = this.#bounds;
    for (let i = 0; i < b.length; i++) {
      if (value <= b[i]!) {
        s.counts[i]!++;
        break;
      }
    }
    s.sum += value;
    s.count++;
  }

  /** The registry's read (same shape as prom-client's Histogram#get). */
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: MetricValue[] }> {
    const values: MetricValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const [lv, s] of this.#series) {
      let acc = 0;
      for (let i = 0; i < this.#bounds.length; i++) {
        acc += s.counts[i]!;
        values.push({ labels: { le: this.#bounds[i]!, [this.labelName]: lv }, value: acc, metricName: bucket });
      }
      values.push({ labels: { le: '+Inf', [this.labelName]: lv }, value: s.count, metricName: bucket });
      values.push({ labels: { [this.labelName]: lv }, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { [this.labelName]: lv }, value: s.count, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  reset(): void {
    this.#series.clear();
  }
}

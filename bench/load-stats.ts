/** Latency samples in milliseconds; percentiles by nearest rank. */
export class Latencies {
  private samples = new Float64Array(1 << 16);
  count = 0;

  add(ms: number): void {
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = ms;
  }

  percentiles(...ps: number[]): number[] {
    const sorted = this.samples.slice(0, this.count).sort();
    return ps.map(
      (p) => sorted[Math.min(this.count - 1, Math.max(0, Math.ceil((p / 100) * this.count) - 1))] ?? NaN,
    );
  }
}

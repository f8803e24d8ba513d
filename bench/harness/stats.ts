/** Percentile by linear interpolation between the closest ranks; `p` is 0 to 100. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export const median = (values: number[]) => percentile(values, 50);

/** A figure measured once per run: its median over the runs, and the smallest and largest run. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(perRun: number[]): Spread {
  return { median: median(perRun), min: Math.min(...perRun), max: Math.max(...perRun), runs: perRun.length };
}

/** Formats a spread as `median (min–max)` with `digits` decimals. */
export function formatSpread(value: Spread, digits = 2, unit = ''): string {
  if (!Number.isFinite(value.median)) return 'n/a';
  const fixed = (n: number) => n.toFixed(digits);
  if (value.runs < 2) return `${fixed(value.median)}${unit}`;
  return `${fixed(value.median)}${unit} (${fixed(value.min)}–${fixed(value.max)})`;
}

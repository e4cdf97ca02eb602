import type { RouteStats } from '../api/types';

export interface Sample {
  at: number;
  ratePerMinute: number;
  /** Failed share of the exchanges since the previous sample (of all exchanges for the first one). */
  errorPercent: number;
  p95Ms: number;
  exchangesTotal: number;
  exchangesFailed: number;
}

export type History = Record<string, Sample[]>;

export const MAX_SAMPLES = 60;

export function errorPercent(current: RouteStats, previous?: Sample): number {
  if (previous && current.exchangesTotal >= previous.exchangesTotal) {
    const total = current.exchangesTotal - previous.exchangesTotal;
    const failed = current.exchangesFailed - previous.exchangesFailed;
    if (total > 0) return Math.max(0, Math.min(100, (failed / total) * 100));
    return 0;
  }
  return current.exchangesTotal > 0 ? (current.exchangesFailed / current.exchangesTotal) * 100 : 0;
}

export function appendSamples(history: History, routes: RouteStats[], at: number): History {
  const next: History = {};
  for (const route of routes) {
    const samples = history[route.routeId] ?? [];
    const previous = samples[samples.length - 1];
    const sample: Sample = {
      at,
      ratePerMinute: route.ratePerMinute ?? 0,
      errorPercent: errorPercent(route, previous),
      p95Ms: route.p95Ms ?? 0,
      exchangesTotal: route.exchangesTotal ?? 0,
      exchangesFailed: route.exchangesFailed ?? 0,
    };
    next[route.routeId] = [...samples, sample].slice(-MAX_SAMPLES);
  }
  return next;
}

/** Fleet-wide series: summed rate, overall error share, worst p95. */
export function totals(history: History): { rate: number[]; errors: number[]; p95: number[] } {
  const series = Object.values(history);
  const length = Math.max(0, ...series.map((s) => s.length));
  const rate: number[] = [];
  const errors: number[] = [];
  const p95: number[] = [];
  for (let i = 0; i < length; i++) {
    let r = 0;
    let worst = 0;
    let total = 0;
    let failed = 0;
    for (const samples of series) {
      const offset = samples.length - length + i;
      if (offset < 0) continue;
      const s = samples[offset];
      r += s.ratePerMinute;
      worst = Math.max(worst, s.p95Ms);
      const prev = samples[offset - 1];
      total += prev ? Math.max(0, s.exchangesTotal - prev.exchangesTotal) : 0;
      failed += prev ? Math.max(0, s.exchangesFailed - prev.exchangesFailed) : 0;
    }
    rate.push(r);
    errors.push(total > 0 ? (failed / total) * 100 : 0);
    p95.push(worst);
  }
  return { rate, errors, p95 };
}

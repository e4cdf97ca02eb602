import { useCallback, useId, useMemo, useState } from 'react';
import { opsApi } from '../api/endpoints';
import type { OpsRoutes, RouteStats } from '../api/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { usePolling } from '../util/usePolling';
import { formatDateTime } from '../util/time';
import { useTitle } from '../util/useTitle';
import { appendSamples, totals, type History } from './history';
import { Sparkline } from './Sparkline';

const POLL_MS = 5000;

type SortKey = 'routeId' | 'ratePerMinute' | 'exchangesTotal' | 'exchangesFailed' | 'errorPercent' | 'inflight' | 'meanMs' | 'p95Ms' | 'maxMs';

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'routeId', label: 'Route', numeric: false },
  { key: 'ratePerMinute', label: 'Rate / min', numeric: true },
  { key: 'exchangesTotal', label: 'Total', numeric: true },
  { key: 'exchangesFailed', label: 'Failed', numeric: true },
  { key: 'errorPercent', label: 'Error %', numeric: true },
  { key: 'inflight', label: 'In flight', numeric: true },
  { key: 'meanMs', label: 'Mean', numeric: true },
  { key: 'p95Ms', label: 'p95', numeric: true },
  { key: 'maxMs', label: 'Max', numeric: true },
];

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);
const pct = (v: number) => `${v.toFixed(v > 0 && v < 1 ? 2 : 1)} %`;
const rate = (v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(1));

function errorShare(route: RouteStats): number {
  return route.exchangesTotal > 0 ? (route.exchangesFailed / route.exchangesTotal) * 100 : 0;
}

function safeHttpUrl(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

export default function OpsPage() {
  useTitle('Operations');
  const [data, setData] = useState<OpsRoutes | null>(null);
  const [history, setHistory] = useState<History>({});
  const [error, setError] = useState<{ error: unknown; at: number } | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'ratePerMinute', desc: true });
  const [filter, setFilter] = useState('');
  const [paused, setPaused] = useState(false);
  const filterId = useId();

  const poll = useCallback(async () => {
    try {
      const next = await opsApi.routes();
      setData(next);
      setHistory((prev) => appendSamples(prev, next.routes ?? [], Date.now()));
      setError(null);
    } catch (e) {
      setError({ error: e, at: Date.now() });
    }
  }, []);
  usePolling(poll, POLL_MS, !paused);

  const fleet = useMemo(() => totals(history), [history]);
  const rows = useMemo(() => {
    const words = filter.toLowerCase().trim();
    const list = (data?.routes ?? []).filter((r) => !words || r.routeId.toLowerCase().includes(words));
    const value = (r: RouteStats): number | string => (sort.key === 'errorPercent' ? errorShare(r) : r[sort.key]);
    return [...list].sort((a, b) => {
      const av = value(a);
      const bv = value(b);
      const cmp = typeof av === 'string' ? av.localeCompare(String(bv)) : av - (bv as number);
      return sort.desc ? -cmp : cmp;
    });
  }, [data, filter, sort]);

  const grafana = safeHttpUrl(data?.grafanaUrl);
  const last = (values: number[]) => (values.length ? values[values.length - 1] : 0);

  return (
    <div className="page page-wide">
      <header className="page-header page-header-row">
        <div>
          <h1>Operations</h1>
          <p className="muted">
            Per-route traffic, errors and latency, refreshed every {POLL_MS / 1000} s
            {data?.generatedAt ? ` · last update ${formatDateTime(data.generatedAt)}` : ''}.
          </p>
        </div>
        <div className="row-actions">
          <button type="button" className="btn" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
            {paused ? 'Resume updates' : 'Pause updates'}
          </button>
          {grafana && (
            <a className="btn" href={grafana} target="_blank" rel="noopener noreferrer">
              Open Grafana ↗
            </a>
          )}
        </div>
      </header>

      {error && <ErrorNotice error={error.error} receivedAt={error.at} />}

      <section className="stat-cards" aria-label="All routes">
        <div className="card stat-card">
          <h2 className="stat-label">Requests / min</h2>
          <p className="stat-value">{rate(last(fleet.rate))}</p>
          <Sparkline values={fleet.rate} label="Requests per minute, all routes" width={220} height={40} format={rate} />
        </div>
        <div className="card stat-card">
          <h2 className="stat-label">Error rate</h2>
          <p className="stat-value">{pct(last(fleet.errors))}</p>
          <Sparkline values={fleet.errors} label="Error percentage, all routes" width={220} height={40} tone="danger" format={pct} />
        </div>
        <div className="card stat-card">
          <h2 className="stat-label">Worst p95</h2>
          <p className="stat-value">{ms(last(fleet.p95))}</p>
          <Sparkline values={fleet.p95} label="Worst p95 latency" width={220} height={40} format={ms} />
        </div>
      </section>

      <div className="field field-inline">
        <label htmlFor={filterId}>Filter routes</label>
        <input id={filterId} className="input" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="route id" />
      </div>

      {!data && !error && (
        <p className="muted" role="status">
          Loading route statistics…
        </p>
      )}
      {data && rows.length === 0 && <p className="muted">No routes{filter ? ` match “${filter}”` : ''}.</p>}
      {rows.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Route statistics">
          <table className="table ops-table">
            <thead>
              <tr>
                {COLUMNS.map((col) => {
                  const active = sort.key === col.key;
                  return (
                    <th
                      key={col.key}
                      scope="col"
                      className={col.numeric ? 'num' : undefined}
                      aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                    >
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() =>
                          setSort((s) => ({ key: col.key, desc: s.key === col.key ? !s.desc : col.numeric }))
                        }
                      >
                        {col.label}
                        <span aria-hidden="true">{active ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
                      </button>
                    </th>
                  );
                })}
                <th scope="col">Trend (rate · errors · p95)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const samples = history[r.routeId] ?? [];
                const share = errorShare(r);
                return (
                  <tr key={r.routeId}>
                    <th scope="row" className="mono">
                      {r.routeId}
                    </th>
                    <td className="num">{rate(r.ratePerMinute)}</td>
                    <td className="num">{r.exchangesTotal}</td>
                    <td className="num">{r.exchangesFailed}</td>
                    <td className={`num${share >= 5 ? ' error-text' : ''}`}>{pct(share)}</td>
                    <td className="num">{r.inflight}</td>
                    <td className="num">{ms(r.meanMs)}</td>
                    <td className="num">{ms(r.p95Ms)}</td>
                    <td className="num">{ms(r.maxMs)}</td>
                    <td className="trends">
                      <Sparkline values={samples.map((s) => s.ratePerMinute)} label={`${r.routeId} rate per minute`} width={80} format={rate} />
                      <Sparkline values={samples.map((s) => s.errorPercent)} label={`${r.routeId} error percentage`} width={80} tone="danger" format={pct} />
                      <Sparkline values={samples.map((s) => s.p95Ms)} label={`${r.routeId} p95 latency`} width={80} format={ms} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderApp, signedIn } from '../../test/renderApp';
import { appendSamples, errorPercent, totals } from './history';
import type { RouteStats } from '../api/types';

const route = (routeId: string, over: Partial<RouteStats> = {}): RouteStats => ({
  routeId,
  exchangesTotal: 100,
  exchangesFailed: 0,
  inflight: 0,
  meanMs: 12,
  maxMs: 90,
  p95Ms: 40,
  ratePerMinute: 6,
  ...over,
});

describe('route history', () => {
  it('computes the error share between two samples, not since start', () => {
    let history = appendSamples({}, [route('a', { exchangesTotal: 100, exchangesFailed: 50 })], 1);
    expect(history.a[0].errorPercent).toBe(50);
    history = appendSamples(history, [route('a', { exchangesTotal: 120, exchangesFailed: 55 })], 2);
    expect(history.a[1].errorPercent).toBe(25);
    expect(errorPercent(route('a', { exchangesTotal: 10, exchangesFailed: 1 }), history.a[1])).toBe(10);
  });

  it('sums rates and takes the worst p95 across routes', () => {
    let history = appendSamples({}, [route('a', { ratePerMinute: 2, p95Ms: 10 }), route('b', { ratePerMinute: 3, p95Ms: 70 })], 1);
    history = appendSamples(history, [route('a', { ratePerMinute: 4, p95Ms: 20, exchangesTotal: 110, exchangesFailed: 1 }), route('b', { ratePerMinute: 1, p95Ms: 30, exchangesTotal: 110, exchangesFailed: 1 })], 2);
    expect(totals(history)).toEqual({ rate: [5, 5], errors: [0, 10], p95: [70, 30] });
  });
});

describe('operations page', () => {
  it('shows per-route stats with charts and a Grafana link, sorted by rate', async () => {
    signedIn('admin');
    fakeApi({
      'GET /api/chat/conversations': { body: { conversations: [] } },
      'GET /api/ops/routes': {
        body: {
          routes: [route('chat-message', { ratePerMinute: 2.5, exchangesFailed: 10 }), route('search-code', { ratePerMinute: 30, p95Ms: 1500 })],
          generatedAt: new Date().toISOString(),
          grafanaUrl: 'https://grafana.example.com/d/devagent',
        },
      },
    });
    renderApp('/ops');
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['search-code', 'chat-message']);
    expect(within(rows[0]).getByText('1.50 s')).toBeInTheDocument();
    expect(within(rows[1]).getByText('10.0 %')).toBeInTheDocument();
    expect(within(rows[1]).getAllByRole('img').length).toBe(3);
    expect(screen.getByRole('link', { name: /Open Grafana/ })).toHaveAttribute('href', 'https://grafana.example.com/d/devagent');

    await userEvent.click(within(table).getByRole('button', { name: 'Route' }));
    const sorted = within(table).getAllByRole('row').slice(1);
    expect(sorted.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['chat-message', 'search-code']);
    expect(within(table).getByRole('columnheader', { name: /Route/ })).toHaveAttribute('aria-sort', 'ascending');
  });
});

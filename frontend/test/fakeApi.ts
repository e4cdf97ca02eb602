import { vi } from 'vitest';

export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (request: { method: string; path: string; query: URLSearchParams; body: unknown }) =>
  | FakeResponse
  | Promise<FakeResponse>;

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Replaces fetch with a table of routes ("POST /api/chat/message"). Unknown routes answer 404 so
 * a test that forgets one fails loudly instead of hanging.
 */
export function fakeApi(routes: Record<string, Handler | FakeResponse>) {
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ method, path: url.pathname, query: url.searchParams, body, headers });
    const route = routes[`${method} ${url.pathname}`];
    const result: FakeResponse = route
      ? typeof route === 'function'
        ? await route({ method, path: url.pathname, query: url.searchParams, body })
        : route
      : { status: 404, body: { error: `No fake for ${method} ${url.pathname}` } };
    const status = result.status ?? 200;
    return new Response(status === 204 || result.body === undefined ? null : JSON.stringify(result.body), {
      status,
      headers: { 'Content-Type': 'application/json', ...(result.headers ?? {}) },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    fetchMock,
    callsTo: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
  };
}

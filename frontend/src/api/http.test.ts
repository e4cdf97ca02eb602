import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, configureApi, parseRetryAfter, request } from './http';
import { fakeApi } from '../../test/fakeApi';

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('42')).toBe(42);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('request', () => {
  afterEach(() => configureApi({ getToken: () => null, onUnauthorized: () => {} }));

  it('sends the bearer token and JSON body', async () => {
    configureApi({ getToken: () => 'abc' });
    const api = fakeApi({ 'POST /api/x': { status: 202, body: { ok: true } } });
    await expect(request('/api/x', { method: 'POST', body: { a: 1 } })).resolves.toEqual({ ok: true });
    expect(api.calls[0].headers.Authorization).toBe('Bearer abc');
    expect(api.calls[0].body).toEqual({ a: 1 });
  });

  it('turns 429 into an ApiError carrying Retry-After', async () => {
    fakeApi({ 'GET /api/x': { status: 429, body: { error: 'Too many requests' }, headers: { 'Retry-After': '17' } } });
    const error = (await request('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(17);
  });

  it('reports 401 to the session handler, except for sign-in calls', async () => {
    const onUnauthorized = vi.fn();
    configureApi({ getToken: () => 'abc', onUnauthorized });
    fakeApi({
      'GET /api/x': { status: 401, body: { error: 'Unauthorized' } },
      'POST /api/auth/login': { status: 401, body: { error: 'Invalid username or password' } },
    });
    await expect(request('/api/x')).rejects.toMatchObject({ status: 401, message: 'Your session has ended. Please sign in again.' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(request('/api/auth/login', { method: 'POST', body: {}, anonymous: true })).rejects.toMatchObject({
      message: 'Invalid username or password',
    });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('hides server internals behind a plain sentence for 5xx, and keeps 4xx messages', async () => {
    fakeApi({
      'GET /api/boom': { status: 500, body: { error: 'NullPointerException at Foo.java:12' } },
      'GET /api/bad': { status: 400, body: { error: 'url must start with https://' } },
    });
    await expect(request('/api/boom')).rejects.toMatchObject({
      message: 'The server ran into a problem. Please try again in a moment.',
    });
    await expect(request('/api/bad')).rejects.toMatchObject({ message: 'url must start with https://' });
  });

  it('explains a network failure in plain words', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(request('/api/x')).rejects.toMatchObject({
      status: 0,
      message: 'Cannot reach the server. Check your connection and try again.',
    });
  });
});

// One fetch wrapper for the whole app: bearer token, JSON, and errors turned into plain words.

export class ApiError extends Error {
  readonly status: number;
  readonly details: unknown;
  /** Seconds to wait before retrying, from Retry-After (429 and 503 only). */
  readonly retryAfterSeconds: number | null;
  /** A signed-in call was refused with 401: the token is no longer valid (not a wrong password). */
  readonly sessionEnded: boolean;

  constructor(
    status: number,
    message: string,
    details?: unknown,
    retryAfterSeconds: number | null = null,
    sessionEnded = false,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
    this.sessionEnded = sessionEnded;
  }
}

interface ApiConfig {
  getToken: () => string | null;
  onUnauthorized: () => void;
}

let config: ApiConfig = { getToken: () => null, onUnauthorized: () => {} };

export function configureApi(next: Partial<ApiConfig>): void {
  config = { ...config, ...next };
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function plainMessage(status: number, serverMessage: string | undefined): string {
  switch (status) {
    case 401:
      return 'Your session has ended. Please sign in again.';
    case 403:
      return serverMessage || 'You do not have permission to do that.';
    case 404:
      return serverMessage || 'That item could not be found. It may have been deleted.';
    case 413:
      return 'That is too large for the server to accept.';
    case 429:
      return 'Too many requests.';
    default:
      if (status >= 500) {
        return 'The server ran into a problem. Please try again in a moment.';
      }
      return serverMessage || `The request failed (HTTP ${status}).`;
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Sign-in calls report 401 as a wrong password, not an expired session. */
  anonymous?: boolean;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = options.anonymous ? null : config.getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'Cannot reach the server. Check your connection and try again.');
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  let serverMessage: string | undefined;
  let details: unknown;
  try {
    const parsed = (await response.json()) as { error?: unknown; details?: unknown };
    if (typeof parsed?.error === 'string') serverMessage = parsed.error;
    details = parsed?.details;
  } catch {
    // Not JSON (a proxy's error page): the status alone says enough.
  }

  if (response.status === 401 && !options.anonymous) {
    config.onUnauthorized();
  }
  const message =
    response.status === 401 && options.anonymous
      ? serverMessage || 'Wrong username or password.'
      : plainMessage(response.status, serverMessage);
  const retryAfter =
    response.status === 429 || response.status === 503
      ? parseRetryAfter(response.headers.get('Retry-After'))
      : null;
  throw new ApiError(response.status, message, details, retryAfter, response.status === 401 && !options.anonymous);
}

/** A short human sentence for anything thrown by the API layer. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (typeof error.details === 'string' && error.details && error.status < 500) {
      return `${error.message} ${error.details}`.trim();
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

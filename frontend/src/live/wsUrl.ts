interface LocationLike {
  protocol: string;
  hostname: string;
  host: string;
  port: string;
}

/**
 * Where the WebSocket lives. VITE_WS_URL wins (absolute ws(s):// URL or a path on this host).
 * Otherwise: the Spring Boot app serves the SPA on 3000 and the WebSocket on 3001; behind nginx or
 * the Vite dev server, /ws on the same host is proxied.
 */
export function resolveWsUrl(location: LocationLike, override?: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const configured = override?.trim();
  if (configured) {
    if (/^wss?:\/\//i.test(configured)) return configured;
    if (configured.startsWith('/')) return `${scheme}//${location.host}${configured}`;
  }
  if (location.port === '3000') return `${scheme}//${location.hostname}:3001/ws`;
  return `${scheme}//${location.host}/ws`;
}

export function defaultWsUrl(): string {
  return resolveWsUrl(window.location, import.meta.env.VITE_WS_URL as string | undefined);
}

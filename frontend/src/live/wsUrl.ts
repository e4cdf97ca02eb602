interface LocationLike {
  protocol: string;
  hostname: string;
  host: string;
  port: string;
}

/** What the server says about itself (GET /api/client-config): its HTTP port and its WebSocket port. */
export interface ServerPorts {
  httpPort: number;
  websocketPort: number;
}

let serverPorts: ServerPorts | undefined;

/** Asks the server where its WebSocket is; without an answer the built-in rules below apply. */
export async function loadServerPorts(fetchImpl: typeof fetch = fetch): Promise<void> {
  try {
    const response = await fetchImpl('/api/client-config', { headers: { Accept: 'application/json' } });
    if (response.ok) {
      const body = (await response.json()) as Partial<ServerPorts>;
      if (typeof body.httpPort === 'number' && typeof body.websocketPort === 'number') {
        serverPorts = { httpPort: body.httpPort, websocketPort: body.websocketPort };
      }
    }
  } catch {
    // offline or an older server: keep the defaults
  }
}

/**
 * Where the WebSocket lives. VITE_WS_URL wins (absolute ws(s):// URL or a path on this host).
 * A page served straight by the API server (its own port) connects to the server's WebSocket port;
 * behind nginx or the Vite dev server, /ws on the same host is proxied. Without server information,
 * the defaults are 3000 (page) and 3001 (WebSocket).
 */
export function resolveWsUrl(location: LocationLike, override?: string, ports?: ServerPorts): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const configured = override?.trim();
  if (configured) {
    if (/^wss?:\/\//i.test(configured)) return configured;
    if (configured.startsWith('/')) return `${scheme}//${location.host}${configured}`;
  }
  const known = ports ?? { httpPort: 3000, websocketPort: 3001 };
  if (location.port === String(known.httpPort)) {
    return `${scheme}//${location.hostname}:${known.websocketPort}/ws`;
  }
  return `${scheme}//${location.host}/ws`;
}

export function defaultWsUrl(): string {
  return resolveWsUrl(window.location, import.meta.env.VITE_WS_URL as string | undefined, serverPorts);
}

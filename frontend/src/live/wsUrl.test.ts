import { describe, expect, it } from 'vitest';
import { resolveWsUrl } from './wsUrl';

const at = (href: string) => {
  const u = new URL(href);
  return { protocol: u.protocol, hostname: u.hostname, host: u.host, port: u.port };
};

describe('resolveWsUrl', () => {
  it('uses port 3001 when the SPA is served by the API on 3000', () => {
    expect(resolveWsUrl(at('http://localhost:3000/chat'))).toBe('ws://localhost:3001/ws');
  });

  it('uses /ws on the same host behind a proxy, with wss under https', () => {
    expect(resolveWsUrl(at('https://agent.example.com/chat'))).toBe('wss://agent.example.com/ws');
    expect(resolveWsUrl(at('http://localhost:5173/'))).toBe('ws://localhost:5173/ws');
  });

  it('uses the ports the server reports when the page comes straight from it', () => {
    const ports = { httpPort: 40123, websocketPort: 40124 };
    expect(resolveWsUrl(at('http://127.0.0.1:40123/chat'), undefined, ports)).toBe('ws://127.0.0.1:40124/ws');
    expect(resolveWsUrl(at('https://agent.example.com/chat'), undefined, ports)).toBe('wss://agent.example.com/ws');
  });

  it('lets VITE_WS_URL override, as a full URL or a path', () => {
    expect(resolveWsUrl(at('http://localhost:3000/'), 'ws://push.internal:9000/ws')).toBe('ws://push.internal:9000/ws');
    expect(resolveWsUrl(at('https://a.example.com/'), '/live')).toBe('wss://a.example.com/live');
  });
});

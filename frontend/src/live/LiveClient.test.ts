import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveClient, type LiveClientOptions } from './LiveClient';
import { socketFactory } from '../../test/fakeSocket';
import type { LiveEvent } from '../api/types';

function setup(options: Partial<LiveClientOptions> = {}) {
  const sockets = socketFactory();
  const events: LiveEvent[] = [];
  const client = new LiveClient({
    url: 'ws://test/ws',
    getToken: () => 'tkn',
    createSocket: sockets.create,
    random: () => 0.5,
    ...options,
  });
  client.onEvent((e) => events.push(e));
  return { client, sockets, events };
}

const event = (id: number | undefined, type = 'query:progress', conversationId = 'c1') => ({
  ...(id === undefined ? {} : { id }),
  type,
  conversationId,
  queryId: 'q1',
  timestamp: '2025-01-01T00:00:00Z',
  data: { progress: id ?? 0 },
});

describe('LiveClient', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('joins with the token once the socket opens, including joins asked for before', () => {
    const { client, sockets } = setup();
    client.start();
    client.join('c1');
    expect(sockets.last().sent).toEqual([]);
    sockets.last().open();
    expect(sockets.last().framesOfType('join')).toEqual([{ type: 'join', conversationId: 'c1', token: 'tkn' }]);
    expect(client.status).toBe('live');
  });

  it('reconnects with growing, capped delays and resets them after a successful open', () => {
    const { client, sockets } = setup({ initialDelayMs: 1000, maxDelayMs: 4000, random: () => 1 });
    client.start();
    sockets.last().serverClose(1006);
    expect(client.status).toBe('reconnecting');
    expect(sockets.sockets).toHaveLength(1);

    vi.advanceTimersByTime(999);
    expect(sockets.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets.sockets).toHaveLength(2);

    sockets.last().serverClose(1006); // second failure: 2000 ms
    vi.advanceTimersByTime(1999);
    expect(sockets.sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets.sockets).toHaveLength(3);

    sockets.last().serverClose(1006); // 4000 ms
    vi.advanceTimersByTime(4000);
    expect(sockets.sockets).toHaveLength(4);
    sockets.last().serverClose(1006); // still 4000 ms: capped
    vi.advanceTimersByTime(3999);
    expect(sockets.sockets).toHaveLength(4);
    vi.advanceTimersByTime(1);
    expect(sockets.sockets).toHaveLength(5);

    sockets.last().open();
    sockets.last().serverClose(1006); // after an open the delay starts over
    vi.advanceTimersByTime(1000);
    expect(sockets.sockets).toHaveLength(6);
  });

  it('spreads reconnect delays with jitter between half and all of the ceiling', () => {
    const low = new LiveClient({ url: 'x', getToken: () => 't', random: () => 0, initialDelayMs: 1000, maxDelayMs: 30_000 });
    const high = new LiveClient({ url: 'x', getToken: () => 't', random: () => 0.999, initialDelayMs: 1000, maxDelayMs: 30_000 });
    expect(low.backoffDelay(0)).toBe(500);
    expect(high.backoffDelay(0)).toBe(1000);
    expect(low.backoffDelay(3)).toBe(4000);
    expect(high.backoffDelay(3)).toBe(7996);
    expect(high.backoffDelay(50)).toBeLessThanOrEqual(30_000);
    expect(low.backoffDelay(50)).toBe(15_000);
  });

  it('rejoins with afterId = highest event id seen, so the server replays only what was missed', () => {
    const { client, sockets, events } = setup();
    client.start();
    client.join('c1');
    sockets.last().open();
    sockets.last().receive(event(5));
    sockets.last().receive(event(9));
    sockets.last().receive(event(7));
    expect(client.lastEventId('c1')).toBe(9);

    sockets.last().serverClose(1006);
    vi.advanceTimersByTime(60_000);
    sockets.last().open();
    expect(sockets.last().framesOfType('join')).toEqual([
      { type: 'join', conversationId: 'c1', token: 'tkn', afterId: 9 },
    ]);

    // The server replays 10 and 11; an overlapping 9 is ignored.
    sockets.last().receive(event(9));
    sockets.last().receive(event(10));
    sockets.last().receive(event(11));
    expect(events.map((e) => e.id)).toEqual([5, 9, 7, 10, 11]);
  });

  it('drops events whose id was already delivered', () => {
    const { client, sockets, events } = setup();
    client.start();
    client.join('c1');
    sockets.last().open();
    sockets.last().receive(event(3));
    sockets.last().receive(event(3));
    sockets.last().receive(event(4));
    sockets.last().receive(event(3));
    expect(events.map((e) => e.id)).toEqual([3, 4]);
  });

  it('keeps ids per conversation', () => {
    const { client, sockets, events } = setup();
    client.start();
    client.join('a');
    client.join('b');
    sockets.last().open();
    sockets.last().receive(event(1, 'query:progress', 'a'));
    sockets.last().receive(event(1, 'query:progress', 'b'));
    expect(events).toHaveLength(2);
    expect(client.lastEventId('a')).toBe(1);
    expect(client.lastEventId('b')).toBe(1);
  });

  it('delivers every token frame (they carry no id) in order and does not count them for replay', () => {
    const { client, sockets, events } = setup();
    client.start();
    client.join('c1');
    sockets.last().open();
    sockets.last().receive(event(2));
    for (const token of ['Hel', 'lo', ' ', 'world', 'lo']) {
      sockets.last().receive({ type: 'query:token', conversationId: 'c1', queryId: 'q1', data: { token } });
    }
    const tokens = events.filter((e) => e.type === 'query:token').map((e) => (e.data as { token: string }).token);
    expect(tokens.join('')).toBe('Hello worldlo');
    expect(client.lastEventId('c1')).toBe(2);
  });

  it('asks for a replay from the start when joining a conversation created a moment ago', () => {
    const { client, sockets } = setup();
    client.start();
    sockets.last().open();
    client.join('new', 0);
    expect(sockets.last().framesOfType('join')).toEqual([{ type: 'join', conversationId: 'new', token: 'tkn', afterId: 0 }]);
  });

  it('sends leave and no longer rejoins a conversation that was left', () => {
    const { client, sockets } = setup();
    client.start();
    client.join('c1');
    sockets.last().open();
    client.leave('c1');
    expect(sockets.last().framesOfType('leave')).toEqual([{ type: 'leave', conversationId: 'c1' }]);
    sockets.last().serverClose(1006);
    vi.advanceTimersByTime(60_000);
    sockets.last().open();
    expect(sockets.last().framesOfType('join')).toEqual([]);
  });

  it('resubscribes to topics after a reconnect', () => {
    const { client, sockets } = setup();
    client.start();
    client.subscribe('repositories');
    sockets.last().open();
    expect(sockets.last().framesOfType('subscribe')).toEqual([{ type: 'subscribe', topic: 'repositories', token: 'tkn' }]);
    sockets.last().serverClose(1001);
    vi.advanceTimersByTime(60_000);
    sockets.last().open();
    expect(sockets.last().framesOfType('subscribe')).toHaveLength(1);
  });

  it('stops and reports when the server rejects the token (4401)', () => {
    const onUnauthorized = vi.fn();
    const { client, sockets } = setup({ onUnauthorized });
    client.start();
    sockets.last().open();
    sockets.last().serverClose(4401);
    vi.advanceTimersByTime(120_000);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(client.status).toBe('unauthorized');
    expect(sockets.sockets).toHaveLength(1);
  });

  it('gives up on a conversation the server refuses (4403) but keeps the others', () => {
    const { client, sockets } = setup();
    const notices: unknown[] = [];
    client.onNotice((n) => notices.push(n));
    client.start();
    client.join('mine');
    sockets.last().open();
    sockets.last().receive({ type: 'joined', conversationId: 'mine' });
    client.join('theirs');
    sockets.last().serverClose(4403);
    expect(notices).toEqual([{ kind: 'forbidden', conversationId: 'theirs' }]);
    vi.advanceTimersByTime(60_000);
    sockets.last().open();
    expect(sockets.last().framesOfType('join').map((f) => f.conversationId)).toEqual(['mine']);
  });

  it('tells when the server has confirmed a join, and forgets confirmations with the socket', async () => {
    const { client, sockets } = setup();
    client.start();
    sockets.last().open();
    client.join('c1', 0);
    const confirmed = client.whenJoined('c1', 2000);
    sockets.last().receive({ type: 'joined', conversationId: 'c1' });
    await expect(confirmed).resolves.toBe(true);
    await expect(client.whenJoined('c1', 2000)).resolves.toBe(true);

    sockets.last().serverClose(1006);
    const afterDrop = client.whenJoined('c1', 2000);
    vi.advanceTimersByTime(2000);
    await expect(afterDrop).resolves.toBe(false);
  });

  it('settles a join wait with false when the server refuses the conversation', async () => {
    const { client, sockets } = setup();
    client.start();
    sockets.last().open();
    client.join('theirs');
    const refused = client.whenJoined('theirs', 60_000);
    sockets.last().serverClose(4403);
    await expect(refused).resolves.toBe(false);
  });

  it('pings every 25 s and reconnects when no answer comes back', () => {
    const { client, sockets } = setup({ pongTimeoutMs: 10_000 });
    client.start();
    sockets.last().open();
    vi.advanceTimersByTime(25_000);
    expect(sockets.last().framesOfType('ping')).toHaveLength(1);
    sockets.last().receive({ type: 'pong' });
    vi.advanceTimersByTime(25_000);
    expect(sockets.last().framesOfType('ping')).toHaveLength(2);
    const silent = sockets.last();
    vi.advanceTimersByTime(10_000);
    expect(silent.closedByClient).not.toBeNull();
    expect(client.status).toBe('reconnecting');
    vi.advanceTimersByTime(60_000);
    expect(sockets.sockets).toHaveLength(2);
  });

  it('reports protocol error frames without treating them as events', () => {
    const { client, sockets, events } = setup();
    const notices: unknown[] = [];
    client.onNotice((n) => notices.push(n));
    client.start();
    sockets.last().open();
    sockets.last().receive({ type: 'error', data: { error: 'Unknown frame type', details: 'x' } });
    sockets.last().receive({ id: 4, type: 'error', conversationId: 'c1', queryId: 'q1', data: { error: 'boom' } });
    expect(notices).toEqual([{ kind: 'server-error', error: 'Unknown frame type', details: 'x' }]);
    expect(events.map((e) => e.type)).toEqual(['error']);
  });

  it('does not reconnect after stop()', () => {
    const { client, sockets } = setup();
    client.start();
    sockets.last().open();
    client.stop();
    expect(sockets.last().closedByClient?.code).toBe(1000);
    vi.advanceTimersByTime(120_000);
    expect(sockets.sockets).toHaveLength(1);
    expect(client.status).toBe('closed');
  });
});

describe('LiveClient defaults', () => {
  it('uses the browser WebSocket when no factory is given, even if the option is passed as undefined', () => {
    const created: string[] = [];
    class BrowserSocket {
      readyState = 0;
      onopen = null;
      onmessage = null;
      onclose = null;
      onerror = null;
      constructor(url: string) {
        created.push(url);
      }
      send() {}
      close() {}
    }
    vi.stubGlobal('WebSocket', BrowserSocket);
    const client = new LiveClient({ url: 'ws://h/ws', getToken: () => 't', createSocket: undefined });
    client.start();
    expect(created).toEqual(['ws://h/ws']);
    expect(client.status).toBe('connecting');
    client.stop();
  });
});

describe('LiveClient replay', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks for a replay from an earlier id now, or with the next join when offline', () => {
    const { client, sockets, events } = setup();
    client.start();
    client.join('c1');
    sockets.last().open();
    sockets.last().receive(event(8));
    client.replay('c1', 0);
    expect(sockets.last().framesOfType('join').map((f) => f.afterId)).toEqual([undefined, 0]);
    sockets.last().receive(event(5));
    sockets.last().receive(event(8));
    expect(events.map((e) => e.id)).toEqual([8, 5]);

    sockets.last().serverClose(1006);
    client.replay('c1', 3);
    vi.advanceTimersByTime(60_000);
    sockets.last().open();
    expect(sockets.last().framesOfType('join').map((f) => f.afterId)).toEqual([3]);
    // The request is used once: the next reconnect resumes from the highest id seen.
    sockets.last().serverClose(1006);
    vi.advanceTimersByTime(60_000);
    sockets.last().open();
    expect(sockets.last().framesOfType('join').map((f) => f.afterId)).toEqual([8]);
  });
});

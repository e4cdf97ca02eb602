// WebSocket client for live agent activity: joins conversations, subscribes to topics, reconnects
// with capped exponential backoff and jitter, and on every reconnect rejoins with the highest event
// id it has seen so the server replays exactly what was missed. Events seen twice are dropped.

import type { LiveEvent } from '../api/types';

export type LiveStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'unauthorized' | 'closed';

/** The subset of the browser WebSocket that the client uses, so tests can inject a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SocketFactory = (url: string) => WebSocketLike;

export type LiveNotice =
  | { kind: 'forbidden'; conversationId: string }
  | { kind: 'server-error'; error: string; details?: unknown };

export interface LiveClientOptions {
  url: string;
  getToken: () => string | null;
  createSocket?: SocketFactory;
  /** First reconnect delay before jitter. */
  initialDelayMs?: number;
  /** Upper bound of any reconnect delay. */
  maxDelayMs?: number;
  pingIntervalMs?: number;
  /** A connection that answers no ping within this time is treated as dead. */
  pongTimeoutMs?: number;
  random?: () => number;
  onUnauthorized?: () => void;
}

const OPEN = 1;
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;
const SEEN_IDS_KEPT = 1000;

type Frame = Record<string, unknown>;

interface SeenIds {
  max: number;
  ids: Set<number>;
}

export class LiveClient {
  private readonly options: Required<Omit<LiveClientOptions, 'onUnauthorized'>> &
    Pick<LiveClientOptions, 'onUnauthorized'>;
  private socket: WebSocketLike | null = null;
  private started = false;
  private attempt = 0;
  private statusValue: LiveStatus = 'idle';
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly conversations = new Set<string>();
  private readonly pendingJoins = new Set<string>();
  /** Conversations the server has confirmed on the current socket. */
  private readonly confirmedJoins = new Set<string>();
  private readonly joinWaiters = new Map<string, Set<(joined: boolean) => void>>();
  private readonly replayRequests = new Map<string, number>();
  private readonly topics = new Set<string>();
  private readonly seen = new Map<string, SeenIds>();
  private readonly eventListeners = new Set<(event: LiveEvent) => void>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private readonly noticeListeners = new Set<(notice: LiveNotice) => void>();

  constructor(options: LiveClientOptions) {
    this.options = {
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      initialDelayMs: 500,
      maxDelayMs: 30_000,
      pingIntervalMs: 25_000,
      pongTimeoutMs: 10_000,
      random: Math.random,
      // An option passed as undefined keeps its default.
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as LiveClientOptions),
    };
  }

  get status(): LiveStatus {
    return this.statusValue;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.attempt = 0;
    this.open();
  }

  stop(): void {
    this.started = false;
    this.clearReconnect();
    this.stopPing();
    this.confirmedJoins.clear();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      detach(socket);
      socket.close(1000, 'client closed');
    }
    this.setStatus('closed');
  }

  /** Skips the remaining backoff, e.g. when the browser comes back online. */
  reconnectNow(): void {
    if (!this.started || this.socket) return;
    this.clearReconnect();
    this.open();
  }

  /**
   * Joins a conversation. `replayFrom` asks for stored events after that id when nothing of this
   * conversation has been seen yet (0 for a conversation created a moment ago, so its first events
   * are not lost); later rejoins always use the highest id seen.
   */
  join(conversationId: string, replayFrom?: number): void {
    if (replayFrom !== undefined && !this.seen.has(conversationId)) {
      this.seen.set(conversationId, { max: replayFrom, ids: new Set() });
    }
    if (this.conversations.has(conversationId)) return;
    this.conversations.add(conversationId);
    this.sendJoin(conversationId);
  }

  /**
   * Asks again for the stored events of a conversation after `afterId` (already delivered ones are
   * dropped as duplicates); sent now if connected, otherwise with the next join.
   */
  replay(conversationId: string, afterId: number): void {
    this.replayRequests.set(conversationId, afterId);
    this.conversations.add(conversationId);
    this.sendJoin(conversationId);
  }

  /**
   * Resolves true once the server has confirmed the join of a conversation on the current socket
   * (live-only frames such as streamed tokens reach this client from then on), false after
   * `timeoutMs` or when the server refuses it.
   */
  whenJoined(conversationId: string, timeoutMs: number): Promise<boolean> {
    if (this.confirmedJoins.has(conversationId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      let waiters = this.joinWaiters.get(conversationId);
      if (!waiters) {
        waiters = new Set();
        this.joinWaiters.set(conversationId, waiters);
      }
      const waiter = (joined: boolean) => {
        clearTimeout(timer);
        resolve(joined);
      };
      const timer = setTimeout(() => {
        waiters?.delete(waiter);
        resolve(false);
      }, timeoutMs);
      waiters.add(waiter);
    });
  }

  leave(conversationId: string): void {
    this.confirmedJoins.delete(conversationId);
    if (!this.conversations.delete(conversationId)) return;
    this.pendingJoins.delete(conversationId);
    this.replayRequests.delete(conversationId);
    this.send({ type: 'leave', conversationId });
  }

  subscribe(topic: string): void {
    if (this.topics.has(topic)) return;
    this.topics.add(topic);
    this.send({ type: 'subscribe', topic, token: this.options.getToken() });
  }

  unsubscribe(topic: string): void {
    this.topics.delete(topic);
  }

  /** Highest stored event id received for a conversation; sent as afterId on rejoin. */
  lastEventId(conversationId: string): number | undefined {
    return this.seen.get(conversationId)?.max;
  }

  onEvent(listener: (event: LiveEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onNotice(listener: (notice: LiveNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  /** Delay before reconnect attempt n (0-based): exponential, capped, with "equal jitter". */
  backoffDelay(attempt: number): number {
    const { initialDelayMs, maxDelayMs, random } = this.options;
    const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt, 30));
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }

  private open(): void {
    if (!this.options.getToken()) {
      this.setStatus('idle');
      return;
    }
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let socket: WebSocketLike;
    try {
      socket = this.options.createSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.setStatus('live');
      this.pendingJoins.clear();
      for (const conversationId of this.conversations) this.sendJoin(conversationId);
      for (const topic of this.topics) this.send({ type: 'subscribe', topic, token: this.options.getToken() });
      this.startPing();
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.handleMessage(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.handleClose(event.code);
    };
    socket.onerror = () => {
      // A close event always follows; reconnecting is decided there.
    };
  }

  private handleMessage(raw: unknown): void {
    this.clearPongTimer();
    if (typeof raw !== 'string') return;
    let frame: Frame;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object') return;
      frame = parsed as Frame;
    } catch {
      return;
    }
    switch (frame.type) {
      case 'pong':
      case 'subscribed':
        return;
      case 'joined':
        if (typeof frame.conversationId === 'string') {
          this.pendingJoins.delete(frame.conversationId);
          this.confirmedJoins.add(frame.conversationId);
          this.settleJoinWaiters(frame.conversationId, true);
        }
        return;
      default:
        break;
    }
    // A protocol error frame has no conversation or query; an event of type "error" does.
    if (frame.type === 'error' && frame.conversationId == null && frame.queryId == null) {
      const data = (frame.data ?? {}) as { error?: unknown; details?: unknown };
      this.emitNotice({
        kind: 'server-error',
        error: typeof data.error === 'string' ? data.error : 'The live connection reported an error.',
        details: data.details,
      });
      return;
    }
    if (typeof frame.type !== 'string') return;
    const event = frame as unknown as LiveEvent;
    if (typeof event.id === 'number' && this.alreadySeen(event)) return;
    for (const listener of [...this.eventListeners]) listener(event);
  }

  private alreadySeen(event: LiveEvent): boolean {
    const key = event.conversationId ?? `type:${event.type}`;
    let entry = this.seen.get(key);
    if (!entry) {
      entry = { max: 0, ids: new Set() };
      this.seen.set(key, entry);
    }
    const id = event.id as number;
    if (entry.ids.has(id)) return true;
    entry.ids.add(id);
    if (entry.ids.size > SEEN_IDS_KEPT) {
      const oldest = entry.ids.values().next().value;
      if (oldest !== undefined) entry.ids.delete(oldest);
    }
    if (id > entry.max) entry.max = id;
    return false;
  }

  private settleJoinWaiters(conversationId: string, joined: boolean): void {
    const waiters = this.joinWaiters.get(conversationId);
    if (!waiters) return;
    this.joinWaiters.delete(conversationId);
    for (const waiter of waiters) waiter(joined);
  }

  private handleClose(code: number): void {
    this.socket = null;
    this.confirmedJoins.clear();
    this.stopPing();
    if (!this.started) return;
    if (code === CLOSE_UNAUTHORIZED) {
      this.started = false;
      this.setStatus('unauthorized');
      this.options.onUnauthorized?.();
      return;
    }
    if (code === CLOSE_FORBIDDEN) {
      // The server refused a conversation we asked for: stop asking for it.
      for (const conversationId of this.pendingJoins) {
        this.conversations.delete(conversationId);
        this.settleJoinWaiters(conversationId, false);
        this.emitNotice({ kind: 'forbidden', conversationId });
      }
      this.pendingJoins.clear();
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.clearReconnect();
    const delay = this.backoffDelay(this.attempt);
    this.attempt += 1;
    this.setStatus('reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.started) this.open();
    }, delay);
  }

  private sendJoin(conversationId: string): void {
    if (!this.isOpen()) return;
    const frame: Frame = { type: 'join', conversationId, token: this.options.getToken() };
    const seen = this.lastEventId(conversationId);
    const requested = this.replayRequests.get(conversationId);
    this.replayRequests.delete(conversationId);
    const afterId = requested !== undefined && (seen === undefined || requested < seen) ? requested : seen;
    if (afterId !== undefined) frame.afterId = afterId;
    this.pendingJoins.add(conversationId);
    this.send(frame);
  }

  private send(frame: Frame): void {
    if (!this.isOpen()) return;
    try {
      this.socket?.send(JSON.stringify(frame));
    } catch {
      // The close handler will reconnect and resend joins and subscriptions.
    }
  }

  private isOpen(): boolean {
    return this.socket !== null && this.socket.readyState === OPEN;
  }

  private startPing(): void {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      this.send({ type: 'ping' });
      if (this.pongTimer === null) {
        this.pongTimer = setTimeout(() => this.dropDeadSocket(), this.options.pongTimeoutMs);
      }
    }, this.options.pingIntervalMs);
  }

  private dropDeadSocket(): void {
    this.pongTimer = null;
    const socket = this.socket;
    if (!socket) return;
    detach(socket);
    socket.close(4000, 'no pong');
    this.handleClose(1006);
  }

  private stopPing(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = null;
    this.clearPongTimer();
  }

  private clearPongTimer(): void {
    if (this.pongTimer !== null) clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setStatus(status: LiveStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }

  private emitNotice(notice: LiveNotice): void {
    for (const listener of [...this.noticeListeners]) listener(notice);
  }
}

function detach(socket: WebSocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
}

// Folds live events into cards, one per task, agent and query, updated in place.

import type { LiveEvent } from '../api/types';

export type CardKind = 'task' | 'agent' | 'query';

export interface ActivityCard {
  key: string;
  kind: CardKind;
  conversationId: string | null;
  queryId: string | null;
  title: string;
  status: string;
  message: string | null;
  progress: number | null;
  stage: string | null;
  detail: string | null;
  startedAt: string;
  updatedAt: string;
}

export interface ActivityState {
  /** Newest first. */
  cards: ActivityCard[];
}

export const emptyActivity: ActivityState = { cards: [] };

const FINISHED = new Set(['completed', 'failed', 'cancelled', 'done']);
const MAX_CARDS = 200;

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value;
  return null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function isFinished(status: string): boolean {
  return FINISHED.has(status);
}

function upsert(
  state: ActivityState,
  key: string,
  create: () => ActivityCard,
  change: (card: ActivityCard) => ActivityCard,
): ActivityState {
  const index = state.cards.findIndex((card) => card.key === key);
  if (index === -1) {
    return { cards: [change(create()), ...state.cards].slice(0, MAX_CARDS) };
  }
  const cards = state.cards.slice();
  cards[index] = change(cards[index]);
  return { cards };
}

function finishQuery(state: ActivityState, queryId: string, status: string, message: string | null, at: string) {
  const cards = state.cards.map((card) => {
    if (card.queryId !== queryId) return card;
    if (card.kind === 'agent') {
      return isFinished(card.status) ? card : { ...card, status: status === 'completed' ? 'done' : status, updatedAt: at };
    }
    return {
      ...card,
      status,
      progress: status === 'completed' ? 100 : card.progress,
      // A task card keeps the question it stands for; the answer card says how it ended.
      message: card.kind === 'task' ? card.message : (message ?? card.message),
      updatedAt: at,
    };
  });
  return { cards };
}

export function activityReducer(state: ActivityState, event: LiveEvent | { type: 'clear' }): ActivityState {
  if (event.type === 'clear') return emptyActivity;
  const e = event as LiveEvent;
  const data = (e.data ?? {}) as Record<string, unknown>;
  const queryId = e.queryId ?? text(data.queryId);
  const at = e.timestamp ?? new Date().toISOString();
  const base = (key: string, kind: CardKind, title: string): ActivityCard => ({
    key,
    kind,
    conversationId: e.conversationId ?? null,
    queryId,
    title,
    status: 'processing',
    message: null,
    progress: null,
    stage: null,
    detail: null,
    startedAt: at,
    updatedAt: at,
  });

  switch (e.type) {
    case 'task:created':
    case 'task:updated': {
      const key = `task:${queryId}`;
      const status = text(data.status);
      if (e.type === 'task:updated' && queryId && status && isFinished(status)) {
        const withCard = upsert(state, key, () => base(key, 'task', 'Task'), (c) => c);
        return finishQuery(withCard, queryId, status, status === 'cancelled' ? 'Cancelled' : null, at);
      }
      return upsert(
        state,
        key,
        () => base(key, 'task', 'Task'),
        (card) => ({
          ...card,
          status: status ?? card.status,
          message: e.type === 'task:created' ? (text(data.message) ?? card.message) : card.message,
          updatedAt: at,
        }),
      );
    }
    case 'agent:spawned':
    case 'agent:status':
    case 'agent:message': {
      const agentType = text(data.agentType) ?? 'agent';
      const key = `agent:${queryId}:${agentType}`;
      const title = `${agentType.charAt(0).toUpperCase()}${agentType.slice(1)} agent`;
      return upsert(
        state,
        key,
        () => base(key, 'agent', title),
        (card) => {
          if (e.type === 'agent:spawned') {
            const attempt = num(data.attempt);
            const worker = text(data.worker);
            const parts = [attempt !== null ? `attempt ${attempt}` : null, worker ? `on ${worker}` : null];
            return {
              ...card,
              status: 'running',
              detail: parts.filter(Boolean).join(' ') || card.detail,
              updatedAt: at,
            };
          }
          if (e.type === 'agent:status') {
            return {
              ...card,
              status: text(data.status) ?? card.status,
              message: text(data.message) ?? card.message,
              updatedAt: at,
            };
          }
          return { ...card, message: text(data.message) ?? text(data.content) ?? card.message, updatedAt: at };
        },
      );
    }
    case 'query:progress': {
      const key = `query:${queryId}`;
      return upsert(
        state,
        key,
        () => base(key, 'query', 'Answer'),
        (card) => {
          const tools = Array.isArray(data.tools) ? data.tools.filter((t) => typeof t === 'string') : [];
          const intent = text(data.intent);
          const detail = [intent ? `intent: ${intent}` : null, tools.length ? `tools: ${tools.join(', ')}` : null]
            .filter(Boolean)
            .join(' · ');
          const progress = num(data.progress);
          return {
            ...card,
            status: isFinished(card.status) ? card.status : 'processing',
            stage: text(data.stage) ?? card.stage,
            message: text(data.message) ?? card.message,
            progress: progress !== null ? Math.max(0, Math.min(100, progress)) : card.progress,
            detail: detail || card.detail,
            updatedAt: at,
          };
        },
      );
    }
    case 'query:completed': {
      if (!queryId) return state;
      const status = text(data.status) ?? 'completed';
      const withCard = upsert(state, `query:${queryId}`, () => base(`query:${queryId}`, 'query', 'Answer'), (c) => c);
      return finishQuery(withCard, queryId, status, status === 'completed' ? 'Answer ready' : null, at);
    }
    case 'error': {
      if (!queryId) return state;
      const withCard = upsert(state, `query:${queryId}`, () => base(`query:${queryId}`, 'query', 'Answer'), (c) => c);
      return finishQuery(withCard, queryId, 'failed', text(data.error) ?? 'The query failed.', at);
    }
    default:
      return state;
  }
}

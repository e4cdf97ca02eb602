import { useCallback, useEffect, useRef, useState } from 'react';
import { chatApi } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { ChatMessage, LiveEvent, QueryResult, QueryStatus } from '../api/types';
import { useLive, useLiveEvents } from '../live/LiveContext';

/** A message shown before the server's copy is loaded: the user's question, or the final answer. */
export interface LocalMessage extends ChatMessage {
  conversationId: string | null;
  /** When the server is known to have stored it (202 received / query completed); null while sending. */
  settledAt: number | null;
  sending?: boolean;
}

export interface ActiveQuery {
  queryId: string;
  conversationId: string;
  progress: number | null;
  stage: string | null;
  stageMessage: string | null;
  /** The answer as streamed by query:token frames; replaced by the stored answer at the end. */
  streamed: string;
  cancelling: boolean;
}

export interface QueryOutcome {
  queryId: string;
  status: Exclude<QueryStatus, 'processing' | 'completed'>;
  message: string;
}

interface LoadedMessages {
  conversationId: string | null;
  messages: ChatMessage[];
}

const EARLY_EVENTS_KEPT = 500;
/** How long a new chat waits for the server to confirm its join before posting the question anyway. */
const JOIN_WAIT_MS = 2000;
const TITLE_WORDS = 8;

/** The first words of a question, as the server titles a conversation created by its first message. */
export function titleFromQuestion(question: string): string {
  const words = question
    .replace(/[\r\n]+/g, ' ')
    .replace(/["“”`*#]/g, '')
    .trim()
    .split(/\s+/)
    .slice(0, TITLE_WORDS);
  return words.join(' ').replace(/[.:;,!]+$/, '') || 'New conversation';
}

/** A question left without an answer for longer than this is not looked for again. */
const RESUME_WINDOW_MS = 15 * 60_000;

function queryIdOf(event: LiveEvent): string | null {
  if (event.queryId) return event.queryId;
  const fromData = (event.data as { queryId?: unknown } | undefined)?.queryId;
  return typeof fromData === 'string' ? fromData : null;
}

export function answerMessage(queryId: string, conversationId: string, result: QueryResult): LocalMessage {
  return {
    id: `answer-${queryId}`,
    role: 'assistant',
    content: result.answer ?? '',
    agentType: null,
    metadata: {
      provider: result.provider,
      model: result.model,
      degraded: result.degraded,
      citations: result.citations ?? [],
      queryId,
    },
    createdAt: new Date().toISOString(),
    conversationId,
    settledAt: Date.now(),
  };
}

interface UseChatOptions {
  conversationId: string | null;
  /** The first message of a new chat created this conversation. */
  onConversationCreated: (conversationId: string) => void;
  /** Titles and order in the sidebar may have changed. */
  onConversationsChanged: () => void;
}

export function useChat({ conversationId, onConversationCreated, onConversationsChanged }: UseChatOptions) {
  const { status: liveStatus, client } = useLive();
  const [loaded, setLoaded] = useState<LoadedMessages>({ conversationId: null, messages: [] });
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [local, setLocal] = useState<LocalMessage[]>([]);
  const [actives, setActives] = useState<Record<string, ActiveQuery>>({});
  const [outcomes, setOutcomes] = useState<Record<string, QueryOutcome>>({});
  const [sendError, setSendError] = useState<{ error: unknown; at: number } | null>(null);

  const activesRef = useRef(actives);
  activesRef.current = actives;
  const currentRef = useRef(conversationId);
  currentRef.current = conversationId;
  const callbacks = useRef({ onConversationCreated, onConversationsChanged });
  callbacks.current = { onConversationCreated, onConversationsChanged };
  const earlyEvents = useRef<LiveEvent[]>([]);
  /** Conversations whose last question may still be running after a reload: its text. */
  const unanswered = useRef(new Map<string, string>());
  const seq = useRef(0);

  const fetchMessages = useCallback(async (id: string) => {
    const startedAt = Date.now();
    const messages = await chatApi.messages(id);
    if (currentRef.current !== id) return messages;
    setLoaded({ conversationId: id, messages });
    setLocal((prev) => prev.filter((m) => !(m.conversationId === id && m.settledAt !== null && m.settledAt <= startedAt)));
    return messages;
  }, []);

  const reload = useCallback(async () => {
    if (!conversationId) return;
    setLoading(true);
    setLoadError(null);
    try {
      await fetchMessages(conversationId);
    } catch (error) {
      setLoadError(error);
    } finally {
      setLoading(false);
    }
  }, [conversationId, fetchMessages]);

  useEffect(() => {
    setSendError(null);
    if (!conversationId) {
      setLoaded({ conversationId: null, messages: [] });
      setLoadError(null);
      return;
    }
    let cancelled = false;
    setLoading(true);
    setLoadError(null);
    fetchMessages(conversationId)
      .then((messages) => {
        if (cancelled) return;
        // Reloaded while a question was still being answered: follow it again.
        const last = messages[messages.length - 1];
        const pendingQuery = last?.role === 'user' ? last.metadata?.queryId : undefined;
        if (last?.role !== 'user' || activesRef.current[conversationId]) return;
        if (typeof pendingQuery === 'string') {
          chatApi
            .query(pendingQuery)
            .then((view) => {
              if (view.status === 'processing' && !activesRef.current[conversationId]) {
                startActive(pendingQuery, conversationId, view.progress);
              }
            })
            .catch(() => {});
        } else if (client && Date.now() - Date.parse(last.createdAt) < RESUME_WINDOW_MS) {
          // The question has no answer yet and its query id is unknown: replay the conversation's
          // events and pick up the task created for this question.
          unanswered.current.set(conversationId, last.content);
          client.replay(conversationId, 0);
        }
      })
      .catch((error) => {
        if (!cancelled) setLoadError(error);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
    // startActive is stable (declared below with useCallback and no changing deps).
  }, [conversationId, fetchMessages, client]);

  const finish = useCallback(
    (queryId: string, status: QueryStatus, result?: QueryResult | null, error?: string | null) => {
      const active = Object.values(activesRef.current).find((a) => a.queryId === queryId);
      if (!active || status === 'processing') return;
      const { conversationId: conv } = active;
      const next = { ...activesRef.current };
      delete next[conv];
      activesRef.current = next;
      setActives(next);
      if (status === 'completed' && result) {
        // Built before the updater runs: React may call updaters later, and settledAt must
        // precede the refetch below so that the stored copy replaces this one.
        const answer = answerMessage(queryId, conv, result);
        setLocal((prev) => [...prev, answer]);
      } else if (status === 'failed') {
        setOutcomes((prev) => ({
          ...prev,
          [conv]: { queryId, status, message: error || 'The answer could not be produced. Please try again.' },
        }));
      } else if (status === 'cancelled') {
        setOutcomes((prev) => ({ ...prev, [conv]: { queryId, status, message: 'You stopped this answer.' } }));
      }
      if (currentRef.current === conv) {
        fetchMessages(conv).catch(() => {
          // The provisional answer stays on screen; the next visit loads the stored one.
        });
      }
      callbacks.current.onConversationsChanged();
    },
    [fetchMessages],
  );

  const apply = useCallback(
    (event: LiveEvent, active: ActiveQuery) => {
      const data = (event.data ?? {}) as Record<string, unknown>;
      switch (event.type) {
        case 'query:token': {
          const token = typeof data.token === 'string' ? data.token : '';
          if (!token) return;
          setActives((prev) => {
            const current = prev[active.conversationId];
            if (!current || current.queryId !== active.queryId) return prev;
            const next = { ...prev, [active.conversationId]: { ...current, streamed: current.streamed + token } };
            activesRef.current = next;
            return next;
          });
          return;
        }
        case 'query:progress': {
          setActives((prev) => {
            const current = prev[active.conversationId];
            if (!current || current.queryId !== active.queryId) return prev;
            const progress = typeof data.progress === 'number' ? data.progress : current.progress;
            const next = {
              ...prev,
              [active.conversationId]: {
                ...current,
                progress,
                stage: typeof data.stage === 'string' ? data.stage : current.stage,
                stageMessage: typeof data.message === 'string' ? data.message : current.stageMessage,
              },
            };
            activesRef.current = next;
            return next;
          });
          return;
        }
        case 'query:completed': {
          const status = (typeof data.status === 'string' ? data.status : 'completed') as QueryStatus;
          finish(active.queryId, status, data.result as QueryResult | undefined, data.error as string | undefined);
          return;
        }
        case 'error':
          finish(active.queryId, 'failed', null, typeof data.error === 'string' ? data.error : null);
          return;
        case 'task:updated':
          if (data.status === 'cancelled' || data.status === 'failed') {
            finish(active.queryId, data.status, null, typeof data.error === 'string' ? data.error : null);
          }
          return;
        default:
          return;
      }
    },
    [finish],
  );

  const startActive = useCallback(
    (queryId: string, conv: string, progress: number | null = null) => {
      const active: ActiveQuery = {
        queryId,
        conversationId: conv,
        progress,
        stage: null,
        stageMessage: null,
        streamed: '',
        cancelling: false,
      };
      const next = { ...activesRef.current, [conv]: active };
      activesRef.current = next;
      setActives(next);
      // Events that raced ahead of the 202 response.
      const early = earlyEvents.current.filter((e) => queryIdOf(e) === queryId);
      earlyEvents.current = earlyEvents.current.filter((e) => queryIdOf(e) !== queryId);
      for (const event of early) {
        const current = Object.values(activesRef.current).find((a) => a.queryId === queryId);
        if (current) apply(event, current);
      }
    },
    [apply],
  );

  useLiveEvents((event) => {
    const queryId = queryIdOf(event);
    if (!queryId) return;
    const active = Object.values(activesRef.current).find((a) => a.queryId === queryId);
    const conv = event.conversationId;
    if (!active && conv && event.type === 'task:created' && !activesRef.current[conv]) {
      const question = unanswered.current.get(conv);
      if (question !== undefined && (event.data as { message?: unknown })?.message === question) {
        unanswered.current.delete(conv);
        startActive(queryId, conv);
        return;
      }
    }
    if (!active) {
      earlyEvents.current.push(event);
      if (earlyEvents.current.length > EARLY_EVENTS_KEPT) earlyEvents.current.shift();
      return;
    }
    apply(event, active);
  });

  // Safety net: the socket may be down, or an event lost; ask the server directly now and then.
  const activeIds = Object.values(actives)
    .map((a) => a.queryId)
    .join(',');
  useEffect(() => {
    if (!activeIds) return;
    const interval = liveStatus === 'live' ? 8000 : 2500;
    const timer = setInterval(() => {
      for (const active of Object.values(activesRef.current)) {
        chatApi
          .query(active.queryId)
          .then((view) => {
            if (view.status !== 'processing') {
              finish(view.queryId ?? active.queryId, view.status, view.result, view.error);
            } else if (liveStatus !== 'live') {
              setActives((prev) => {
                const current = prev[active.conversationId];
                if (!current || current.queryId !== active.queryId) return prev;
                const next = { ...prev, [active.conversationId]: { ...current, progress: view.progress } };
                activesRef.current = next;
                return next;
              });
            }
          })
          .catch((error) => {
            if (error instanceof ApiError && error.status === 404) {
              finish(active.queryId, 'failed', null, 'This question no longer exists.');
            }
          });
      }
    }, interval);
    return () => clearInterval(timer);
  }, [activeIds, liveStatus, finish]);

  const send = useCallback(
    async (text: string): Promise<boolean> => {
      const message = text.trim();
      if (!message) return false;
      const conv = currentRef.current;
      if (conv && activesRef.current[conv]) return false;
      seq.current += 1;
      const id = `local-${seq.current}`;
      const optimistic: LocalMessage = {
        id,
        role: 'user',
        content: message,
        createdAt: new Date().toISOString(),
        metadata: {},
        conversationId: conv,
        settledAt: null,
        sending: true,
      };
      setLocal((prev) => [...prev, optimistic]);
      setSendError(null);
      if (conv) {
        setOutcomes(({ [conv]: _dropped, ...rest }) => rest);
        unanswered.current.delete(conv);
      }
      try {
        let target = conv;
        if (!target && client && liveStatus === 'live') {
          // Streamed tokens are live-only: create the conversation and join it before the
          // question is posted, so that the first answer streams in like every later one.
          const created = await chatApi.createConversation(titleFromQuestion(message));
          target = created.conversationId;
          client.join(target, 0);
          await client.whenJoined(target, JOIN_WAIT_MS);
        }
        const accepted = await chatApi.send(message, target ?? undefined);
        const settledAt = Date.now();
        setLocal((prev) =>
          prev.map((m) =>
            m.id === id ? { ...m, conversationId: accepted.conversationId, settledAt, sending: false } : m,
          ),
        );
        startActive(accepted.queryId, accepted.conversationId);
        if (!conv) callbacks.current.onConversationCreated(accepted.conversationId);
        callbacks.current.onConversationsChanged();
        return true;
      } catch (error) {
        setLocal((prev) => prev.filter((m) => m.id !== id));
        setSendError({ error, at: Date.now() });
        return false;
      }
    },
    [startActive, client, liveStatus],
  );

  const cancel = useCallback(async () => {
    const conv = currentRef.current;
    const active = conv ? activesRef.current[conv] : undefined;
    if (!conv || !active || active.cancelling) return;
    setActives((prev) => {
      const next = { ...prev, [conv]: { ...active, cancelling: true } };
      activesRef.current = next;
      return next;
    });
    try {
      const view = await chatApi.cancel(active.queryId);
      finish(active.queryId, view?.status && view.status !== 'processing' ? view.status : 'cancelled', view?.result, view?.error);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Finished meanwhile: fetch how it ended.
        const view = await chatApi.query(active.queryId).catch(() => null);
        if (view) finish(active.queryId, view.status, view.result, view.error);
        return;
      }
      setActives((prev) => {
        const current = prev[conv];
        if (!current) return prev;
        const next = { ...prev, [conv]: { ...current, cancelling: false } };
        activesRef.current = next;
        return next;
      });
      setSendError({ error, at: Date.now() });
    }
  }, [finish]);

  const stored = loaded.conversationId === conversationId ? loaded.messages : [];
  const storedAnswers = new Set(stored.map((m) => m.metadata?.queryId).filter(Boolean));
  const messages: ChatMessage[] = [
    ...stored,
    ...local.filter(
      (m) =>
        m.conversationId === conversationId &&
        !(m.role === 'assistant' && m.metadata?.queryId && storedAnswers.has(m.metadata.queryId)),
    ),
  ];

  return {
    messages,
    loading,
    loadError,
    reload,
    active: conversationId ? (actives[conversationId] ?? null) : null,
    /** A question is being sent from the blank "new chat" screen. */
    sendingNew: conversationId === null && local.some((m) => m.conversationId === null && m.sending),
    outcome: conversationId ? (outcomes[conversationId] ?? null) : null,
    send,
    cancel,
    sendError,
    clearSendError: () => setSendError(null),
  };
}

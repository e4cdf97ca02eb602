import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import type { Citation, Conversation } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorNotice, useRetryWait } from '../components/ErrorNotice';
import { ProgressBar } from '../components/ProgressBar';
import { useJoinConversation, useLiveNotices } from '../live/LiveContext';
import { downloadText, safeFilename } from '../util/download';
import { ActivityPanel } from './ActivityPanel';
import { CitationPanel } from './CitationPanel';
import { Composer } from './Composer';
import { ConversationSidebar } from './ConversationSidebar';
import { conversationToJson, conversationToMarkdown } from './exportConversation';
import { conversationTitle } from './filterConversations';
import { Markdown } from './Markdown';
import { MessageView } from './MessageView';
import { useChat } from './useChat';
import { useConversations } from './useConversations';
import { describeError } from '../api/http';

const SUGGESTIONS = [
  'Which services depend on express, and at which versions?',
  'Where do we validate JWTs?',
  'What breaks if we bump lodash to 5?',
];

export function ChatPage() {
  const { conversationId: routeId } = useParams();
  const conversationId = routeId ?? null;
  const navigate = useNavigate();
  const location = useLocation();
  const fresh = Boolean((location.state as { fresh?: boolean } | null)?.fresh);

  const { conversations, loading: listLoading, error: listError, refresh, remove } = useConversations();
  const chat = useChat({
    conversationId,
    onConversationCreated: (id) => navigate(`/chat/${encodeURIComponent(id)}`, { state: { fresh: true } }),
    onConversationsChanged: () => void refresh(),
  });
  useJoinConversation(conversationId, fresh);

  const [draft, setDraft] = useState('');
  const [citation, setCitation] = useState<Citation | null>(null);
  const [pendingDelete, setPendingDelete] = useState<Conversation | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [forbidden, setForbidden] = useState<string | null>(null);

  const current = useMemo(
    () => conversations.find((c) => c.conversationId === conversationId) ?? null,
    [conversations, conversationId],
  );
  const waitSeconds = useRetryWait(chat.sendError?.error, chat.sendError?.at);

  useLiveNotices((notice) => {
    if (notice.kind === 'forbidden' && notice.conversationId === conversationId) {
      setForbidden('This conversation belongs to another account, so its live updates are not shown.');
    }
  });

  useEffect(() => {
    setCitation(null);
    setForbidden(null);
  }, [conversationId]);

  // On phones the sidebar is a drawer: Escape closes it.
  useEffect(() => {
    if (!sidebarOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setSidebarOpen(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [sidebarOpen]);

  const send = async (text: string) => {
    setDraft('');
    const ok = await chat.send(text);
    if (!ok) setDraft(text);
  };

  const confirmDelete = async () => {
    if (!pendingDelete) return;
    setDeleting(true);
    setDeleteError(null);
    try {
      await remove(pendingDelete.conversationId);
      if (pendingDelete.conversationId === conversationId) navigate('/chat');
      setPendingDelete(null);
    } catch (error) {
      setDeleteError(error);
    } finally {
      setDeleting(false);
    }
  };

  const exportAs = (format: 'json' | 'md') => {
    const name = safeFilename(current ? conversationTitle(current) : 'conversation');
    if (format === 'json') {
      downloadText(`${name}.json`, conversationToJson(current, chat.messages), 'application/json');
    } else {
      downloadText(`${name}.md`, conversationToMarkdown(current, chat.messages), 'text/markdown');
    }
  };

  // Follow the conversation while the reader is at the bottom; leave them be when they scrolled up.
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const onScroll = useCallback(() => {
    const el = listRef.current;
    if (el) stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  }, []);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [chat.messages.length, chat.active?.streamed, chat.outcome]);
  useEffect(() => {
    stickToBottom.current = true;
  }, [conversationId]);

  const active = chat.active;
  const busy = Boolean(active) || chat.sendingNew;
  const title = current ? conversationTitle(current) : conversationId ? 'Conversation' : 'New chat';
  const empty = !chat.loading && chat.messages.length === 0 && !active;

  return (
    <div className={`chat-layout${sidebarOpen ? ' sidebar-open' : ''}`}>
      {sidebarOpen && <div className="drawer-backdrop" aria-hidden="true" onClick={() => setSidebarOpen(false)} />}
      <div className="chat-sidebar" id="chat-sidebar">
        <ConversationSidebar
          conversations={conversations}
          loading={listLoading}
          error={listError}
          currentId={conversationId}
          onNew={() => {
            setSidebarOpen(false);
            navigate('/chat');
          }}
          onDelete={(c) => {
            setDeleteError(null);
            setPendingDelete(c);
          }}
          onRetry={() => void refresh()}
          onNavigate={() => setSidebarOpen(false)}
        />
      </div>

      <section className="chat-main" aria-labelledby="chat-title">
        <header className="chat-header">
          <button
            type="button"
            className="btn btn-ghost sidebar-toggle"
            aria-expanded={sidebarOpen}
            aria-controls="chat-sidebar"
            onClick={() => setSidebarOpen((open) => !open)}
          >
            ☰ <span className="visually-hidden">Show conversations</span>
          </button>
          <h1 id="chat-title" className="chat-title">
            {title}
          </h1>
          {conversationId && (
            <div className="chat-header-actions" role="group" aria-label="Conversation actions">
              <button type="button" className="btn btn-small" onClick={() => exportAs('md')} disabled={chat.messages.length === 0}>
                Export Markdown
              </button>
              <button type="button" className="btn btn-small" onClick={() => exportAs('json')} disabled={chat.messages.length === 0}>
                Export JSON
              </button>
              <button
                type="button"
                className="btn btn-small btn-danger-outline"
                onClick={() =>
                  setPendingDelete(
                    current ?? { conversationId, title: null, createdAt: new Date().toISOString() },
                  )
                }
              >
                Delete
              </button>
            </div>
          )}
        </header>

        {forbidden && <div className="notice notice-warn">{forbidden}</div>}

        <div className="message-list" ref={listRef} onScroll={onScroll} aria-busy={chat.loading}>
          {chat.loadError ? <ErrorNotice error={chat.loadError} onRetry={() => void chat.reload()} /> : null}
          {chat.loading && chat.messages.length === 0 && (
            <p className="muted center" role="status">
              Loading messages…
            </p>
          )}
          {empty && !chat.loadError && (
            <div className="empty-chat">
              <h2>Ask about your repositories</h2>
              <p className="muted">Dependencies, code, and what a version bump would break — answered with sources.</p>
              <ul className="suggestions">
                {SUGGESTIONS.map((s) => (
                  <li key={s}>
                    <button type="button" className="btn suggestion" onClick={() => setDraft(s)}>
                      {s}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ol className="messages" aria-label="Messages">
            {chat.messages.map((m) => (
              // Answers are keyed by query so the stored copy takes the provisional one's place.
              <li key={m.role === 'assistant' && m.metadata?.queryId ? `answer-${m.metadata.queryId}` : m.id}>
                <MessageView message={m} onOpenCitation={setCitation} />
              </li>
            ))}
          </ol>
          {active && (
            <article className="message message-assistant message-streaming" aria-label="Answer in progress" aria-busy="true">
              <header className="message-header">
                <span className="message-author">Developer Agent</span>
                <span className="badge badge-info">{active.cancelling ? 'Stopping…' : 'Working…'}</span>
              </header>
              <ProgressBar value={active.progress} label="Answer progress" />
              <p className="muted small" role="status">
                {active.stageMessage ?? 'Waiting for the agent…'}
                {active.progress !== null ? ` (${Math.round(active.progress)} %)` : ''}
              </p>
              {active.streamed && (
                <div className="message-body" data-testid="streamed-answer">
                  <Markdown content={active.streamed} />
                </div>
              )}
            </article>
          )}
          {chat.outcome && (
            <div
              className={`notice ${chat.outcome.status === 'failed' ? 'notice-error' : 'notice-warn'}`}
              role={chat.outcome.status === 'failed' ? 'alert' : 'status'}
            >
              {chat.outcome.status === 'failed' ? `The answer failed: ${chat.outcome.message}` : chat.outcome.message}
            </div>
          )}
        </div>

        {chat.sendError && (
          <ErrorNotice error={chat.sendError.error} receivedAt={chat.sendError.at} onDismiss={chat.clearSendError} />
        )}
        <Composer
          value={draft}
          onChange={setDraft}
          onSend={(text) => void send(text)}
          busy={busy}
          waitSeconds={waitSeconds}
          onCancel={active ? () => void chat.cancel() : undefined}
          cancelling={active?.cancelling}
        />
      </section>

      <div className="chat-aside">
        {citation && <CitationPanel citation={citation} onClose={() => setCitation(null)} />}
        <ActivityPanel conversationId={conversationId} />
      </div>

      <ConfirmDialog
        open={pendingDelete !== null}
        title="Delete this conversation?"
        confirmLabel="Delete"
        danger
        busy={deleting}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setPendingDelete(null)}
      >
        <p>
          “{pendingDelete ? conversationTitle(pendingDelete) : ''}” and all its messages will be removed for good.
        </p>
        {deleteError ? <p className="error-text">{describeError(deleteError)}</p> : null}
      </ConfirmDialog>
    </div>
  );
}

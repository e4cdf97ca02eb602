import { useId, useMemo, useState } from 'react';
import { NavLink } from 'react-router-dom';
import type { Conversation } from '../api/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { dateGroup, formatDateTime, relativeTime, type DateGroup } from '../util/time';
import { conversationTitle, filterConversations } from './filterConversations';

interface ConversationSidebarProps {
  conversations: Conversation[];
  loading: boolean;
  error: unknown;
  currentId: string | null;
  onNew: () => void;
  onDelete: (conversation: Conversation) => void;
  onRetry: () => void;
  onNavigate?: () => void;
}

const GROUP_ORDER: DateGroup[] = ['Today', 'Yesterday', 'Previous 7 days', 'Older'];

export function ConversationSidebar(props: ConversationSidebarProps) {
  const { conversations, loading, error, currentId, onNew, onDelete, onRetry, onNavigate } = props;
  const [filter, setFilter] = useState('');
  const searchId = useId();
  const filtered = useMemo(() => filterConversations(conversations, filter), [conversations, filter]);
  const groups = useMemo(() => {
    const now = new Date();
    const byGroup = new Map<DateGroup, Conversation[]>();
    for (const c of filtered) {
      const group = dateGroup(c.updatedAt ?? c.createdAt, now);
      byGroup.set(group, [...(byGroup.get(group) ?? []), c]);
    }
    return GROUP_ORDER.filter((g) => byGroup.has(g)).map((g) => ({ group: g, items: byGroup.get(g)! }));
  }, [filtered]);

  return (
    <nav className="sidebar" aria-label="Conversations">
      <button type="button" className="btn btn-primary btn-block" onClick={onNew}>
        + New chat
      </button>
      <div className="field">
        <label htmlFor={searchId} className="visually-hidden">
          Search conversations by title or date
        </label>
        <input
          id={searchId}
          type="search"
          className="input"
          placeholder="Search by title or date"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      {error ? <ErrorNotice error={error} onRetry={onRetry} /> : null}
      {loading && conversations.length === 0 ? (
        <p className="muted" role="status">
          Loading conversations…
        </p>
      ) : null}
      {!loading && !error && conversations.length === 0 ? (
        <p className="muted">No conversations yet. Ask a question to start one.</p>
      ) : null}
      {conversations.length > 0 && filtered.length === 0 ? (
        <p className="muted" role="status">
          No conversation matches “{filter}”.
        </p>
      ) : null}
      {groups.map(({ group, items }) => (
        <section key={group} className="sidebar-group" aria-label={group}>
          <h2 className="sidebar-group-title">{group}</h2>
          <ul className="conversation-list">
            {items.map((c) => {
              const title = conversationTitle(c);
              const when = c.updatedAt ?? c.createdAt;
              return (
                <li key={c.conversationId} className={c.conversationId === currentId ? 'current' : undefined}>
                  <NavLink
                    to={`/chat/${encodeURIComponent(c.conversationId)}`}
                    className="conversation-link"
                    aria-current={c.conversationId === currentId ? 'page' : undefined}
                    onClick={onNavigate}
                  >
                    <span className="conversation-title">{title}</span>
                    <time className="conversation-time" dateTime={when} title={formatDateTime(when)}>
                      {relativeTime(when)}
                    </time>
                  </NavLink>
                  <button
                    type="button"
                    className="btn btn-icon btn-ghost conversation-delete"
                    aria-label={`Delete conversation “${title}”`}
                    title="Delete conversation"
                    onClick={() => onDelete(c)}
                  >
                    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
                      <path fill="currentColor" d="M9 3h6l1 2h4v2H4V5h4l1-2zM6 9h12l-1 12H7L6 9z" />
                    </svg>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </nav>
  );
}

import { memo } from 'react';
import type { ChatMessage, Citation } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { formatDateTime, formatTime } from '../util/time';
import { Markdown } from './Markdown';

export function citationLabel(c: Citation): string {
  const lines = c.startLine === c.endLine ? `L${c.startLine}` : `L${c.startLine}–${c.endLine}`;
  return `${c.repository} › ${c.path} ${lines}`;
}

export function AnswerBadges({ provider, degraded }: { provider?: string | null; degraded?: boolean | null }) {
  return (
    <>
      {provider === 'offline' && (
        <span className="badge badge-warn" title="Answered without a language model, from indexed facts and code">
          Offline answer
        </span>
      )}
      {degraded && (
        <span className="badge badge-warn" title="The AI provider was unavailable; this answer is a fallback">
          Degraded
        </span>
      )}
    </>
  );
}

interface MessageViewProps {
  message: ChatMessage & { sending?: boolean };
  onOpenCitation: (citation: Citation) => void;
}

export const MessageView = memo(function MessageView({ message, onOpenCitation }: MessageViewProps) {
  const isUser = message.role === 'user';
  const meta = message.metadata ?? {};
  const citations = Array.isArray(meta.citations) ? meta.citations : [];
  return (
    <article
      className={`message ${isUser ? 'message-user' : 'message-assistant'}`}
      aria-label={isUser ? 'Your message' : 'Answer'}
    >
      <header className="message-header">
        <span className="message-author">{isUser ? 'You' : 'Developer Agent'}</span>
        {!isUser && <AnswerBadges provider={meta.provider} degraded={meta.degraded} />}
        <time className="message-time" dateTime={message.createdAt} title={formatDateTime(message.createdAt)}>
          {formatTime(message.createdAt)}
        </time>
        {message.sending && <span className="muted small">Sending…</span>}
      </header>
      <div className="message-body">
        {isUser ? <p className="plain-text">{message.content}</p> : <Markdown content={message.content} />}
      </div>
      {citations.length > 0 && (
        <div className="citations">
          <h3 className="citations-title">Sources</h3>
          <ul>
            {citations.map((c, i) => (
              <li key={`${c.repository}:${c.path}:${c.startLine}:${i}`}>
                <button type="button" className="citation" onClick={() => onOpenCitation(c)}>
                  {citationLabel(c)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <footer className="message-footer">
        <CopyButton text={message.content} label={isUser ? 'Copy your message' : 'Copy answer'} />
        {!isUser && meta.model && <span className="muted small">{String(meta.model)}</span>}
      </footer>
    </article>
  );
});

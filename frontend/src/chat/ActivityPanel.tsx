import { useActivity } from '../live/ActivityContext';
import { isFinished, type ActivityCard } from '../live/activity';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProgressBar } from '../components/ProgressBar';
import { formatTime } from '../util/time';

function statusTone(status: string): string {
  if (status === 'failed') return 'badge-danger';
  if (status === 'cancelled') return 'badge-muted';
  if (isFinished(status)) return 'badge-success';
  return 'badge-info';
}

function Card({ card }: { card: ActivityCard }) {
  const tone = card.status === 'failed' ? 'danger' : card.status === 'completed' ? 'success' : 'normal';
  return (
    <li className={`activity-card activity-${card.kind}`} data-key={card.key}>
      <div className="activity-card-header">
        <span className="activity-title">{card.title}</span>
        <span className={`badge ${statusTone(card.status)}`}>{card.status}</span>
      </div>
      {card.message && <p className="activity-message">{card.message}</p>}
      {card.kind === 'query' && (
        <ProgressBar
          value={card.progress ?? (isFinished(card.status) ? 100 : null)}
          label={`Progress${card.stage ? `: ${card.stage}` : ''}`}
          tone={tone}
        />
      )}
      <p className="activity-meta muted small">
        {card.stage && <span>{card.stage} · </span>}
        {card.detail && <span>{card.detail} · </span>}
        <time dateTime={card.updatedAt}>{formatTime(card.updatedAt)}</time>
      </p>
    </li>
  );
}

export function ActivityPanel({ conversationId }: { conversationId: string | null }) {
  const { cards, clear } = useActivity();
  const shown = conversationId ? cards.filter((c) => c.conversationId === conversationId) : [];
  return (
    <section className="activity-panel" aria-labelledby="activity-title">
      <header className="activity-header">
        <h2 id="activity-title">Agent activity</h2>
        <LiveIndicator />
        <button type="button" className="btn btn-small btn-ghost" onClick={clear} disabled={cards.length === 0}>
          Clear
        </button>
      </header>
      {shown.length === 0 ? (
        <p className="muted small">Agents, tasks and progress of your questions appear here as they happen.</p>
      ) : (
        <ul className="activity-list" aria-live="polite" aria-relevant="additions">
          {shown.map((card) => (
            <Card key={card.key} card={card} />
          ))}
        </ul>
      )}
    </section>
  );
}

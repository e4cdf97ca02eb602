import { useLive } from '../live/LiveContext';
import type { LiveStatus } from '../live/LiveClient';

const LABELS: Record<LiveStatus, string> = {
  idle: 'Offline',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Offline (sign in again)',
  closed: 'Offline',
};

export function LiveIndicator() {
  const { status } = useLive();
  const tone = status === 'live' ? 'live' : status === 'connecting' || status === 'reconnecting' ? 'pending' : 'offline';
  return (
    <span className={`live-indicator live-${tone}`} role="status" title="Live updates connection">
      <span className="live-dot" aria-hidden="true" />
      <span>{LABELS[status]}</span>
    </span>
  );
}

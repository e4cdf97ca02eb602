import { Link } from 'react-router-dom';
import { ApiError, describeError } from '../api/http';
import { useCountdown } from '../util/useCountdown';
import { useMemo, type ReactNode } from 'react';

interface ErrorNoticeProps {
  error: unknown;
  /** When the error was received; the Retry-After countdown starts there. */
  receivedAt?: number;
  onDismiss?: () => void;
  onRetry?: () => void;
}

/** An error in plain words: sign-in link for 401, a live countdown for 429. */
export function ErrorNotice({ error, receivedAt, onDismiss, onRetry }: ErrorNoticeProps) {
  const retryAt = useMemo(() => {
    if (!(error instanceof ApiError) || error.retryAfterSeconds === null) return null;
    return (receivedAt ?? Date.now()) + error.retryAfterSeconds * 1000;
  }, [error, receivedAt]);
  const secondsLeft = useCountdown(retryAt);

  if (!error) return null;
  let body: ReactNode;
  if (error instanceof ApiError && error.sessionEnded) {
    body = (
      <>
        Your session has ended. <Link to="/signin">Sign in again</Link> to continue.
      </>
    );
  } else if (error instanceof ApiError && error.status === 429) {
    body =
      retryAt === null ? (
        <>Too many requests. Please wait a moment and try again.</>
      ) : secondsLeft > 0 ? (
        <>
          Too many requests. Try again in <span className="countdown">{secondsLeft} s</span>.
        </>
      ) : (
        <>You can try again now.</>
      );
  } else {
    body = describeError(error);
  }
  const canRetry = onRetry && !(retryAt !== null && secondsLeft > 0);
  return (
    <div className="notice notice-error" role="alert">
      <span className="notice-text">{body}</span>
      {canRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      )}
      {onDismiss && (
        <button type="button" className="btn btn-icon btn-small" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}

/** Seconds until a rate-limited action may be retried; 0 when it may be retried now. */
export function useRetryWait(error: unknown, receivedAt: number | undefined): number {
  const retryAt =
    error instanceof ApiError && error.status === 429 && error.retryAfterSeconds !== null
      ? (receivedAt ?? Date.now()) + error.retryAfterSeconds * 1000
      : null;
  return useCountdown(retryAt);
}

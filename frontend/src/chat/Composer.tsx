import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent } from 'react';

interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: (text: string) => void;
  /** A query is running: the input is locked until it ends. */
  busy: boolean;
  /** Seconds until sending is allowed again after a 429. */
  waitSeconds: number;
  onCancel?: () => void;
  cancelling?: boolean;
}

const MAX_LENGTH = 8000;

export function Composer({ value, onChange, onSend, busy, waitSeconds, onCancel, cancelling }: ComposerProps) {
  const id = useId();
  const hintId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const blocked = busy || waitSeconds > 0;
  const canSend = !blocked && value.trim().length > 0;

  // Grow with the text, up to a limit set in CSS.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [value]);

  // Back to the input once the answer is in.
  useEffect(() => {
    if (!busy) ref.current?.focus();
  }, [busy]);

  const submit = () => {
    if (canSend) onSend(value);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    submit();
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      <label htmlFor={id} className="visually-hidden">
        Ask about your repositories
      </label>
      <textarea
        id={id}
        ref={ref}
        className="composer-input"
        rows={1}
        maxLength={MAX_LENGTH}
        placeholder={busy ? 'Waiting for the answer…' : 'Ask about dependencies, code or impact…'}
        value={value}
        disabled={busy}
        aria-describedby={hintId}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer-actions">
        <span id={hintId} className="muted small composer-hint">
          {waitSeconds > 0 ? `You can send again in ${waitSeconds} s` : 'Enter to send · Shift+Enter for a new line'}
        </span>
        {busy && onCancel ? (
          <button type="button" className="btn btn-danger" onClick={onCancel} disabled={cancelling}>
            {cancelling ? 'Stopping…' : 'Stop'}
          </button>
        ) : (
          <button type="submit" className="btn btn-primary" disabled={!canSend}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}

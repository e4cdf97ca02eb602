interface ProgressBarProps {
  value: number | null;
  label: string;
  tone?: 'normal' | 'success' | 'danger';
}

/** Determinate when value is known, indeterminate (animated) otherwise. */
export function ProgressBar({ value, label, tone = 'normal' }: ProgressBarProps) {
  const clamped = value === null ? null : Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className={`progress progress-${tone}${clamped === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped ?? undefined}
    >
      <div className="progress-fill" style={clamped === null ? undefined : { width: `${clamped}%` }} />
    </div>
  );
}

interface SparklineProps {
  values: number[];
  label: string;
  width?: number;
  height?: number;
  /** Fixed top of the scale (e.g. 100 for percentages); otherwise the series' maximum. */
  max?: number;
  tone?: 'normal' | 'danger';
  format?: (value: number) => string;
}

export function Sparkline({ values, label, width = 120, height = 28, max, tone = 'normal', format = String }: SparklineProps) {
  const latest = values.length ? values[values.length - 1] : null;
  const top = Math.max(max ?? 0, ...values, 1e-9);
  const description =
    latest === null
      ? `${label}: no data yet`
      : `${label}: now ${format(latest)}, highest ${format(Math.max(...values))} over the last ${values.length} samples`;
  const pad = 2;
  const step = values.length > 1 ? (width - pad * 2) / (values.length - 1) : 0;
  const points = values
    .map((v, i) => {
      const x = pad + i * step;
      const y = height - pad - (Math.max(0, v) / top) * (height - pad * 2);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  return (
    <svg
      className={`sparkline sparkline-${tone}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={description}
    >
      <title>{description}</title>
      <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} className="sparkline-axis" />
      {values.length > 1 ? (
        <polyline points={points} className="sparkline-line" fill="none" />
      ) : values.length === 1 ? (
        <circle cx={width / 2} cy={height - pad - (Math.max(0, values[0]) / top) * (height - pad * 2)} r={2} className="sparkline-dot" />
      ) : null}
    </svg>
  );
}

import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { graphApi } from '../api/endpoints';
import type { DependenciesResponse, DependentsResponse, GraphNode } from '../api/types';
import { ErrorNotice } from '../components/ErrorNotice';

interface NodeDetailsProps {
  node: GraphNode;
  onClose: () => void;
  onFocusRepository: (fullName: string) => void;
  onImpact: (ecosystem: string, name: string) => void;
}

export function NodeDetails({ node, onClose, onFocusRepository, onImpact }: NodeDetailsProps) {
  const [dependencies, setDependencies] = useState<DependenciesResponse | null>(null);
  const [dependents, setDependents] = useState<DependentsResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let cancelled = false;
    setDependencies(null);
    setDependents(null);
    setError(null);
    setLoading(true);
    const load =
      node.kind === 'repository'
        ? graphApi.dependencies(node.label).then((r) => !cancelled && setDependencies(r))
        : graphApi.dependents(node.ecosystem ?? '', node.label).then((r) => !cancelled && setDependents(r));
    load
      .catch((e) => !cancelled && setError(e))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [node]);

  return (
    <aside className="side-panel graph-panel" aria-labelledby="node-title">
      <header className="side-panel-header">
        <div>
          <p className="muted small">{node.kind === 'repository' ? 'Repository' : `Package · ${node.ecosystem ?? 'unknown ecosystem'}`}</p>
          <h2 id="node-title" className="break">
            {node.label}
          </h2>
        </div>
        <button type="button" className="btn btn-icon btn-ghost" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </header>
      <div className="side-panel-actions">
        {node.kind === 'repository' ? (
          <>
            <button type="button" className="btn btn-small" onClick={() => onFocusRepository(node.label)}>
              Show only this repository
            </button>
            <Link className="btn btn-small" to={`/search?repo=${encodeURIComponent(node.label)}`}>
              Search its code
            </Link>
          </>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => onImpact(node.ecosystem ?? '', node.label)}>
            What breaks if it changes?
          </button>
        )}
      </div>
      {loading && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {error ? <ErrorNotice error={error} /> : null}
      {dependencies && (
        <section>
          <h3>Dependencies ({dependencies.dependencies.length})</h3>
          {dependencies.dependencies.length === 0 ? (
            <p className="muted">No dependencies recorded.</p>
          ) : (
            <ul className="dep-list">
              {dependencies.dependencies.map((d, i) => (
                <li key={`${d.ecosystem}:${d.name}:${d.manifest}:${i}`}>
                  <span className="mono break">{d.name}</span> <span className="mono muted">{d.version ?? ''}</span>
                  <div className="muted small">
                    {d.ecosystem}
                    {d.scope ? ` · ${d.scope}` : ''}
                    {d.direct ? ' · direct' : ' · transitive'}
                    {d.manifest ? ` · ${d.manifest}` : ''}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {dependents && (
        <section>
          <h3>Used by ({dependents.dependents.length})</h3>
          {dependents.dependents.length === 0 ? (
            <p className="muted">No repository depends on it.</p>
          ) : (
            <ul className="dep-list">
              {dependents.dependents.map((d, i) => (
                <li key={`${d.repository}:${d.manifest}:${i}`}>
                  <span className="break">{d.repository}</span> <span className="mono muted">{d.version ?? ''}</span>
                  <div className="muted small">
                    {d.scope ? `${d.scope} · ` : ''}
                    {d.direct ? 'direct' : 'transitive'}
                    {d.manifest ? ` · ${d.manifest}` : ''}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </aside>
  );
}

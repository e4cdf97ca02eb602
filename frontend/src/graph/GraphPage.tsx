import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { graphApi, repositoriesApi } from '../api/endpoints';
import type { GraphNode, GraphStats, GraphView } from '../api/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { useTitle } from '../util/useTitle';
import { GraphCanvas } from './GraphCanvas';
import { ImpactView } from './ImpactView';
import { NodeDetails } from './NodeDetails';

const KNOWN_ECOSYSTEMS = ['npm', 'maven', 'nuget', 'go', 'python'];

export default function GraphPage() {
  useTitle('Dependency graph');
  const [params, setParams] = useSearchParams();
  const ecosystem = params.get('ecosystem') ?? '';
  const repo = params.get('repo') ?? '';
  const [view, setView] = useState<GraphView | null>(null);
  const [stats, setStats] = useState<GraphStats | null>(null);
  const [repositories, setRepositories] = useState<string[]>([]);
  const [error, setError] = useState<{ error: unknown; at: number } | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<GraphNode | null>(null);
  const [impactPreset, setImpactPreset] = useState<{ ecosystem: string; name: string; nonce: number } | null>(null);
  const ids = { eco: useId(), repo: useId(), node: useId() };

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const [graph, graphStats] = await Promise.all([
        graphApi.view(ecosystem || undefined, repo || undefined),
        graphApi.stats().catch(() => null),
      ]);
      setView({ nodes: graph.nodes ?? [], edges: graph.edges ?? [] });
      setStats(graphStats);
    } catch (e) {
      setError({ error: e, at: Date.now() });
    } finally {
      setLoading(false);
    }
  }, [ecosystem, repo]);

  useEffect(() => {
    void load();
    setSelected(null);
  }, [load]);

  useEffect(() => {
    repositoriesApi
      .list()
      .then((list) => setRepositories(list.map((r) => r.fullName).sort()))
      .catch(() => setRepositories([]));
  }, []);

  const setFilter = (key: 'ecosystem' | 'repo', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const ecosystems = useMemo(() => {
    const found = new Set(KNOWN_ECOSYSTEMS);
    for (const node of view?.nodes ?? []) if (node.ecosystem) found.add(node.ecosystem);
    return [...found];
  }, [view]);

  const sortedNodes = useMemo(
    () =>
      [...(view?.nodes ?? [])].sort((a, b) => a.kind.localeCompare(b.kind) * -1 || a.label.localeCompare(b.label)),
    [view],
  );
  const repoOptions = repo && !repositories.includes(repo) ? [repo, ...repositories] : repositories;

  return (
    <div className="page page-wide graph-page">
      <header className="page-header">
        <h1>Dependency graph</h1>
        {stats && (
          <p className="muted">
            {stats.repositories} repositories · {stats.packages} packages · {stats.dependsOn} dependencies ·{' '}
            {stats.publishes} published packages · {stats.dependsOnRepo} repository links
          </p>
        )}
      </header>

      <div className="card form-row graph-filters" role="group" aria-label="Graph filters">
        <div className="field">
          <label htmlFor={ids.eco}>Ecosystem</label>
          <select id={ids.eco} className="input" value={ecosystem} onChange={(e) => setFilter('ecosystem', e.target.value)}>
            <option value="">All ecosystems</option>
            {ecosystems.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.repo}>Repository</label>
          <select id={ids.repo} className="input" value={repo} onChange={(e) => setFilter('repo', e.target.value)}>
            <option value="">All repositories</option>
            {repoOptions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={ids.node}>Go to node</label>
          <select
            id={ids.node}
            className="input"
            value={selected?.id ?? ''}
            onChange={(e) => setSelected(sortedNodes.find((n) => n.id === e.target.value) ?? null)}
            disabled={sortedNodes.length === 0}
          >
            <option value="">{sortedNodes.length ? `Choose one of ${sortedNodes.length} nodes…` : 'No nodes'}</option>
            {sortedNodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.kind === 'repository' ? `▣ ${n.label}` : `○ ${n.label}${n.ecosystem ? ` (${n.ecosystem})` : ''}`}
              </option>
            ))}
          </select>
        </div>
        {(ecosystem || repo) && (
          <button type="button" className="btn" onClick={() => setParams(new URLSearchParams())}>
            Clear filters
          </button>
        )}
      </div>

      {error && <ErrorNotice error={error.error} receivedAt={error.at} onRetry={() => void load()} />}
      {loading && !view && (
        <p className="muted" role="status">
          Loading the graph…
        </p>
      )}

      <div className="graph-layout">
        <div className="graph-main">
          {view && view.nodes.length === 0 ? (
            <div className="card empty-graph">
              <p>
                {ecosystem || repo
                  ? 'Nothing matches these filters.'
                  : 'The graph is empty. Add and index repositories to see their dependencies.'}
              </p>
            </div>
          ) : view ? (
            <GraphCanvas view={view} selectedId={selected?.id ?? null} onSelect={setSelected} />
          ) : null}
          <ul className="graph-legend muted small" aria-label="Legend">
            <li>
              <span className="legend-swatch legend-repo" aria-hidden="true" /> repository
            </li>
            <li>
              <span className="legend-swatch legend-pkg" aria-hidden="true" /> package (colour = ecosystem)
            </li>
            <li>— depends on · - - publishes · ━ repository depends on repository</li>
          </ul>
        </div>
        {selected && (
          <NodeDetails
            node={selected}
            onClose={() => setSelected(null)}
            onFocusRepository={(name) => setFilter('repo', name)}
            onImpact={(eco, name) => {
              setImpactPreset({ ecosystem: eco, name, nonce: Date.now() });
              document.getElementById('impact')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
            }}
          />
        )}
      </div>

      <ImpactView ecosystems={ecosystems} preset={impactPreset} />
    </div>
  );
}

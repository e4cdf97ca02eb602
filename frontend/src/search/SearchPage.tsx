import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { repositoriesApi, searchApi } from '../api/endpoints';
import type { SearchResponse, SearchResult } from '../api/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { useTitle } from '../util/useTitle';
import { highlight } from './highlight';

function ResultCard({ result, query }: { result: SearchResult; query: string }) {
  const lines = result.snippet.split('\n');
  const lineLabel =
    result.startLine === result.endLine ? `line ${result.startLine}` : `lines ${result.startLine}–${result.endLine}`;
  return (
    <li className="card result">
      <header className="result-header">
        <div>
          <Link to={`/graph?repo=${encodeURIComponent(result.repository)}`} className="result-repo">
            {result.repository}
          </Link>
          <h2 className="result-path mono break">{result.path}</h2>
        </div>
        <div className="result-meta">
          <span>{lineLabel}</span>
          {result.language && <span className="badge badge-muted">{result.language}</span>}
          {result.commitSha && (
            <span className="mono" title={result.commitSha}>
              {result.commitSha.slice(0, 7)}
            </span>
          )}
          <span className="muted" title="Relevance score">
            score {result.score.toFixed(2)}
          </span>
        </div>
      </header>
      <pre className="snippet" tabIndex={0} aria-label={`Code from ${result.path}, ${lineLabel}`}>
        <code>
          {lines.map((line, i) => (
            <span className="snippet-line" key={i}>
              <span className="line-number" aria-hidden="true">
                {result.startLine + i}
              </span>
              <span>{highlight(line, query)}</span>
              {'\n'}
            </span>
          ))}
        </code>
      </pre>
    </li>
  );
}

export default function SearchPage() {
  useTitle('Search');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const repo = params.get('repo') ?? '';
  const [query, setQuery] = useState(q);
  const [repoFilter, setRepoFilter] = useState(repo);
  const [repositories, setRepositories] = useState<string[] | null>(null);
  const [response, setResponse] = useState<SearchResponse | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<{ error: unknown; at: number } | null>(null);
  const queryId = useId();
  const repoId = useId();

  useEffect(() => {
    repositoriesApi
      .list()
      .then((list) => setRepositories(list.map((r) => r.fullName).sort()))
      .catch(() => setRepositories([]));
  }, []);

  // The URL is the source of truth, so results can be linked to (citations do).
  useEffect(() => {
    setQuery(q);
    setRepoFilter(repo);
    if (!q.trim()) {
      setResponse(null);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    searchApi
      .search(q.trim(), repo || undefined, 20, controller.signal)
      .then((r) => setResponse(r))
      .catch((e) => {
        if (!controller.signal.aborted) setError({ error: e, at: Date.now() });
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [q, repo]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (query.trim()) next.set('q', query.trim());
    if (repoFilter) next.set('repo', repoFilter);
    setParams(next);
  };

  const knownRepos = repositories ?? [];
  const repoOptions = repo && !knownRepos.includes(repo) ? [repo, ...knownRepos] : knownRepos;

  return (
    <div className="page">
      <header className="page-header">
        <h1>Code search</h1>
        <p className="muted">Search indexed code by meaning and by keyword.</p>
      </header>
      <form className="card search-form" onSubmit={submit} role="search">
        <div className="form-row">
          <div className="field grow">
            <label htmlFor={queryId}>Search for</label>
            <input
              id={queryId}
              className="input"
              type="search"
              placeholder="e.g. validate JWT"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={repoId}>Repository</label>
            <select id={repoId} className="input" value={repoFilter} onChange={(e) => setRepoFilter(e.target.value)}>
              <option value="">All repositories</option>
              {repoOptions.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-primary" disabled={!query.trim()}>
            Search
          </button>
        </div>
      </form>

      {error && <ErrorNotice error={error.error} receivedAt={error.at} onDismiss={() => setError(null)} />}
      {loading && (
        <p className="muted" role="status">
          Searching…
        </p>
      )}
      {!loading && response && (
        <p className="muted" role="status">
          {response.results.length === 0
            ? `No code matches “${response.query ?? q}”${repo ? ` in ${repo}` : ''}.`
            : `${response.results.length} result${response.results.length === 1 ? '' : 's'}${repo ? ` in ${repo}` : ''}`}
        </p>
      )}
      {response && response.results.length > 0 && (
        <ol className="results" aria-label="Search results">
          {response.results.map((r, i) => (
            <ResultCard key={`${r.repository}:${r.path}:${r.startLine}:${i}`} result={r} query={q} />
          ))}
        </ol>
      )}
    </div>
  );
}

import { useCallback, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { repositoriesApi } from '../api/endpoints';
import { describeError } from '../api/http';
import type { Repository, RepositoryProgress } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { ProgressBar } from '../components/ProgressBar';
import { useLive, useLiveEvents, useTopic } from '../live/LiveContext';
import { usePolling } from '../util/usePolling';
import { formatDateTime, formatDuration, relativeTime } from '../util/time';
import { useTitle } from '../util/useTitle';
import { phaseLabel, progressPercent, progressText } from './progress';

const STATUS_TONE: Record<string, string> = {
  indexed: 'badge-success',
  syncing: 'badge-info',
  pending: 'badge-muted',
  failed: 'badge-danger',
};

function AddRepositoryForm({ onAdded }: { onAdded: () => void }) {
  const urlId = useId();
  const branchId = useId();
  const hintId = useId();
  const [url, setUrl] = useState('');
  const [branch, setBranch] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ error: unknown; at: number } | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setAdded(null);
    const trimmed = url.trim();
    if (!trimmed) {
      setError({ error: new Error('Enter the repository URL.'), at: Date.now() });
      return;
    }
    setBusy(true);
    try {
      const repo = await repositoriesApi.add(trimmed, branch.trim() || undefined);
      setAdded(repo?.fullName ?? trimmed);
      setUrl('');
      setBranch('');
      onAdded();
    } catch (e) {
      setError({ error: e, at: Date.now() });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form-inline" onSubmit={submit} aria-label="Add a repository">
      <h2 className="card-title">Add a repository</h2>
      <div className="form-row">
        <div className="field grow">
          <label htmlFor={urlId}>Repository URL</label>
          <input
            id={urlId}
            className="input"
            type="text"
            inputMode="url"
            placeholder="https://github.com/acme/billing-api.git"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-describedby={hintId}
            spellCheck={false}
            autoCapitalize="none"
          />
        </div>
        <div className="field">
          <label htmlFor={branchId}>Branch (optional)</label>
          <input
            id={branchId}
            className="input"
            type="text"
            placeholder="default branch"
            value={branch}
            onChange={(e) => setBranch(e.target.value)}
            spellCheck={false}
            autoCapitalize="none"
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add and index'}
        </button>
      </div>
      <p id={hintId} className="muted small">
        https:// or ssh:// Git URLs. Do not put credentials in the URL; the server uses its own token.
      </p>
      {error && <ErrorNotice error={error.error} receivedAt={error.at} onDismiss={() => setError(null)} />}
      {added && (
        <p className="notice notice-success" role="status">
          Added {added}. Indexing has started.
        </p>
      )}
    </form>
  );
}

export default function RepositoriesPage() {
  useTitle('Repositories');
  const { isAdmin } = useAuth();
  const { status: liveStatus } = useLive();
  const [repositories, setRepositories] = useState<Repository[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState<Record<string, RepositoryProgress>>({});
  const [rowError, setRowError] = useState<{ id: string; error: unknown; at: number } | null>(null);
  const [busyRow, setBusyRow] = useState<string | null>(null);
  const [pendingDelete, setPendingDelete] = useState<Repository | null>(null);

  const load = useCallback(async () => {
    try {
      setRepositories(await repositoriesApi.list());
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useTopic('repositories');
  useLiveEvents((event) => {
    if (event.type !== 'repository:progress') return;
    const data = event.data as unknown as RepositoryProgress;
    if (!data?.repositoryId) return;
    setProgress((prev) => ({ ...prev, [data.repositoryId]: data }));
    if (data.phase === 'done' || data.phase === 'failed') void load();
  });

  const working = repositories?.some((r) => r.status === 'pending' || r.status === 'syncing') ?? false;
  // Quick while something is indexing and the socket cannot tell us; slow otherwise.
  usePolling(load, working ? (liveStatus === 'live' ? 10_000 : 3_000) : 30_000);

  const sync = async (repo: Repository) => {
    setBusyRow(repo.id);
    setRowError(null);
    try {
      await repositoriesApi.sync(repo.id);
      setRepositories((prev) => prev?.map((r) => (r.id === repo.id ? { ...r, status: 'syncing', error: null } : r)) ?? prev);
      void load();
    } catch (e) {
      setRowError({ id: repo.id, error: e, at: Date.now() });
    } finally {
      setBusyRow(null);
    }
  };

  const remove = async () => {
    const repo = pendingDelete;
    if (!repo) return;
    setBusyRow(repo.id);
    try {
      await repositoriesApi.remove(repo.id);
      setRepositories((prev) => prev?.filter((r) => r.id !== repo.id) ?? prev);
      setPendingDelete(null);
    } catch (e) {
      setRowError({ id: repo.id, error: e, at: Date.now() });
      setPendingDelete(null);
    } finally {
      setBusyRow(null);
    }
  };

  return (
    <div className="page page-wide">
      <header className="page-header">
        <h1>Repositories</h1>
        <p className="muted">The fleet the agent knows. Indexing builds the dependency graph and the code search.</p>
      </header>

      {isAdmin && <AddRepositoryForm onAdded={() => void load()} />}

      {error ? <ErrorNotice error={error} onRetry={() => void load()} /> : null}
      {repositories === null && !error && (
        <p className="muted" role="status">
          Loading repositories…
        </p>
      )}
      {repositories?.length === 0 && (
        <p className="muted">
          No repositories yet.{' '}
          {isAdmin ? 'Add one above to start.' : 'Ask an administrator to add your repositories.'}
        </p>
      )}
      {rowError && (
        <ErrorNotice error={rowError.error} receivedAt={rowError.at} onDismiss={() => setRowError(null)} />
      )}

      {repositories && repositories.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Repositories table">
          <table className="table repositories-table">
            <thead>
              <tr>
                <th scope="col">Repository</th>
                <th scope="col">Status</th>
                <th scope="col">Last commit</th>
                <th scope="col">Last synced</th>
                <th scope="col" className="num">
                  Files
                </th>
                <th scope="col" className="num">
                  Chunks
                </th>
                <th scope="col" className="num">
                  Deps
                </th>
                <th scope="col" className="num">
                  Manifests
                </th>
                {isAdmin && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {repositories.map((repo) => {
                const live = progress[repo.id];
                const showProgress =
                  live && live.phase !== 'done' && live.phase !== 'failed' && repo.status !== 'indexed';
                const percent = live ? progressPercent(live) : null;
                return (
                  <tr key={repo.id} data-repository={repo.fullName}>
                    <td>
                      <div className="repo-name">
                        <Link to={`/graph?repo=${encodeURIComponent(repo.fullName)}`}>{repo.fullName}</Link>
                        {repo.branch && <span className="badge badge-muted">{repo.branch}</span>}
                      </div>
                      <div className="muted small break">{repo.url}</div>
                    </td>
                    <td className="status-cell">
                      <span className={`badge ${STATUS_TONE[repo.status] ?? 'badge-muted'}`}>{repo.status}</span>
                      {showProgress && (
                        <div className="repo-progress">
                          <ProgressBar value={percent} label={`Indexing ${repo.fullName}: ${phaseLabel(live.phase)}`} />
                          <span className="muted small">{progressText(live)}</span>
                        </div>
                      )}
                      {repo.error && (
                        <p className="error-text small" title={repo.error}>
                          {repo.error}
                        </p>
                      )}
                    </td>
                    <td className="mono" title={repo.lastIndexedCommit ?? undefined}>
                      {repo.lastIndexedCommit ? repo.lastIndexedCommit.slice(0, 7) : '—'}
                    </td>
                    <td>
                      {repo.lastSyncedAt ? (
                        <time dateTime={repo.lastSyncedAt} title={formatDateTime(repo.lastSyncedAt)}>
                          {relativeTime(repo.lastSyncedAt)}
                        </time>
                      ) : (
                        'never'
                      )}
                      {repo.syncDurationMs !== null && repo.syncDurationMs !== undefined && (
                        <div className="muted small">took {formatDuration(repo.syncDurationMs)}</div>
                      )}
                    </td>
                    <td className="num">{repo.counts?.files ?? '—'}</td>
                    <td className="num">{repo.counts?.chunks ?? '—'}</td>
                    <td className="num">{repo.counts?.dependencies ?? '—'}</td>
                    <td className="num">{repo.counts?.manifests ?? '—'}</td>
                    {isAdmin && (
                      <td>
                        <div className="row-actions">
                          <button
                            type="button"
                            className="btn btn-small"
                            onClick={() => void sync(repo)}
                            disabled={busyRow === repo.id || repo.status === 'syncing'}
                            aria-label={`Sync ${repo.fullName}`}
                          >
                            {repo.status === 'syncing' ? 'Syncing…' : 'Sync'}
                          </button>
                          <button
                            type="button"
                            className="btn btn-small btn-danger-outline"
                            onClick={() => setPendingDelete(repo)}
                            disabled={busyRow === repo.id}
                            aria-label={`Delete ${repo.fullName}`}
                          >
                            Delete
                          </button>
                        </div>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <ConfirmDialog
        open={pendingDelete !== null}
        title={`Delete ${pendingDelete?.fullName ?? 'repository'}?`}
        confirmLabel="Delete repository"
        danger
        busy={busyRow !== null && busyRow === pendingDelete?.id}
        onConfirm={() => void remove()}
        onCancel={() => setPendingDelete(null)}
      >
        <p>Its indexed code and its place in the dependency graph are removed. You can add it again later.</p>
        {rowError && rowError.id === pendingDelete?.id ? <p className="error-text">{describeError(rowError.error)}</p> : null}
      </ConfirmDialog>
    </div>
  );
}

import { useEffect, useId, useState, type FormEvent } from 'react';
import { graphApi } from '../api/endpoints';
import type { ImpactResponse } from '../api/types';
import { ErrorNotice } from '../components/ErrorNotice';

interface ImpactViewProps {
  ecosystems: string[];
  /** Filled in when the user asks from a package's panel. */
  preset: { ecosystem: string; name: string; nonce: number } | null;
}

export function ImpactView({ ecosystems, preset }: ImpactViewProps) {
  const ids = { eco: useId(), name: useId(), version: useId() };
  const [ecosystem, setEcosystem] = useState(ecosystems[0] ?? 'npm');
  const [name, setName] = useState('');
  const [version, setVersion] = useState('');
  const [result, setResult] = useState<ImpactResponse | null>(null);
  const [error, setError] = useState<{ error: unknown; at: number } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!preset) return;
    if (preset.ecosystem) setEcosystem(preset.ecosystem);
    setName(preset.name);
    setResult(null);
    document.getElementById(ids.version)?.focus();
  }, [preset, ids.version]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await graphApi.impact(ecosystem, name.trim(), version.trim() || undefined));
    } catch (e) {
      setError({ error: e, at: Date.now() });
    } finally {
      setBusy(false);
    }
  };

  const options = ecosystems.includes(ecosystem) ? ecosystems : [ecosystem, ...ecosystems];
  return (
    <section className="card impact" aria-labelledby="impact-title" id="impact">
      <h2 id="impact-title" className="card-title">
        Impact of a version change
      </h2>
      <form onSubmit={submit} className="form-row">
        <div className="field">
          <label htmlFor={ids.eco}>Ecosystem</label>
          <select id={ids.eco} className="input" value={ecosystem} onChange={(e) => setEcosystem(e.target.value)}>
            {options.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={ids.name}>Package</label>
          <input id={ids.name} className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="express" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor={ids.version}>New version</label>
          <input
            id={ids.version}
            className="input"
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            placeholder="5.0.0"
            spellCheck={false}
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
          {busy ? 'Checking…' : 'Show impact'}
        </button>
      </form>
      {error && <ErrorNotice error={error.error} receivedAt={error.at} />}
      {result && (
        <div aria-live="polite">
          <p>
            {result.impacted.length === 0
              ? `Nothing in the fleet is affected by ${result.package.name}${result.version ? ` ${result.version}` : ''}.`
              : `${result.impacted.length} repositor${result.impacted.length === 1 ? 'y is' : 'ies are'} affected by ${result.package.name}${result.version ? ` ${result.version}` : ''}.`}
          </p>
          {result.impacted.length > 0 && (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Impacted repositories">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Repository</th>
                    <th scope="col" className="num">
                      Depth
                    </th>
                    <th scope="col">Uses version</th>
                    <th scope="col">Path</th>
                  </tr>
                </thead>
                <tbody>
                  {[...result.impacted]
                    .sort((a, b) => a.depth - b.depth || a.repository.localeCompare(b.repository))
                    .map((row) => (
                      <tr key={`${row.repository}:${row.depth}`}>
                        <th scope="row">{row.repository}</th>
                        <td className="num">{row.depth === 1 ? '1 (direct)' : row.depth}</td>
                        <td className="mono">{row.version ?? '—'}</td>
                        <td className="small">{row.path.join(' → ')}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

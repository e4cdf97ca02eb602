import { useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import type { Citation } from '../api/types';

interface CitationPanelProps {
  citation: Citation;
  onClose: () => void;
}

export function CitationPanel({ citation, onClose }: CitationPanelProps) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [citation, onClose]);
  const fileName = citation.path.split('/').pop() ?? citation.path;
  const searchUrl = `/search?${new URLSearchParams({ q: fileName, repo: citation.repository }).toString()}`;
  const lines =
    citation.startLine === citation.endLine
      ? `line ${citation.startLine}`
      : `lines ${citation.startLine}–${citation.endLine}`;
  const safeUrl = citation.url && /^https?:\/\//i.test(citation.url) ? citation.url : null;
  return (
    <aside className="side-panel" aria-labelledby="citation-title">
      <header className="side-panel-header">
        <h2 id="citation-title">Source</h2>
        <button ref={closeRef} type="button" className="btn btn-icon btn-ghost" onClick={onClose} aria-label="Close source panel">
          ×
        </button>
      </header>
      <dl className="details">
        <dt>Repository</dt>
        <dd>{citation.repository}</dd>
        <dt>File</dt>
        <dd className="mono break">{citation.path}</dd>
        <dt>Lines</dt>
        <dd>{lines}</dd>
        {citation.commitSha && (
          <>
            <dt>Commit</dt>
            <dd className="mono" title={citation.commitSha}>
              {citation.commitSha.slice(0, 10)}
            </dd>
          </>
        )}
      </dl>
      <div className="side-panel-actions">
        <Link className="btn" to={searchUrl}>
          Search for this file
        </Link>
        {safeUrl && (
          <a className="btn" href={safeUrl} target="_blank" rel="noopener noreferrer">
            Open in repository ↗
          </a>
        )}
      </div>
    </aside>
  );
}

import type { ReactNode } from 'react';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Words of the query worth marking: at least two characters, longest first so they win overlaps. */
export function queryTerms(query: string): string[] {
  const words = query
    .split(/[\s"'`]+/)
    .map((w) => w.trim())
    .filter((w) => w.length >= 2);
  return [...new Set(words.map((w) => w.toLowerCase()))].sort((a, b) => b.length - a.length);
}

/**
 * Wraps query words in <mark>. The snippet is split into plain strings and React elements, so
 * whatever it contains (HTML, script tags) is rendered as text.
 */
export function highlight(text: string, query: string): ReactNode[] {
  const terms = queryTerms(query);
  if (terms.length === 0 || !text) return [text];
  const pattern = new RegExp(`(${terms.map(escapeRegExp).join('|')})`, 'gi');
  const parts = text.split(pattern);
  return parts.map((part, i) =>
    i % 2 === 1 ? (
      <mark key={i} className="hit">
        {part}
      </mark>
    ) : (
      part
    ),
  );
}

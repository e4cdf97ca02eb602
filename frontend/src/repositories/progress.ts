import type { RepositoryProgress } from '../api/types';

const PHASE_LABELS: Record<RepositoryProgress['phase'], string> = {
  cloning: 'Cloning',
  parsing: 'Reading manifests',
  graph: 'Updating the graph',
  chunking: 'Splitting code',
  embedding: 'Embedding code',
  done: 'Done',
  failed: 'Failed',
};

export function phaseLabel(phase: string): string {
  return PHASE_LABELS[phase as RepositoryProgress['phase']] ?? phase;
}

/** Percent for the bar: chunks while chunking/embedding (when known), files otherwise; null if unknown. */
export function progressPercent(p: RepositoryProgress): number | null {
  if (p.phase === 'done') return 100;
  const useChunks = (p.phase === 'embedding' || p.phase === 'chunking') && (p.chunksTotal ?? 0) > 0;
  const done = useChunks ? (p.chunksDone ?? 0) : p.filesDone;
  const total = useChunks ? (p.chunksTotal ?? 0) : p.filesTotal;
  if (!total || total <= 0) return null;
  return Math.max(0, Math.min(100, (done / total) * 100));
}

export function progressText(p: RepositoryProgress): string {
  const parts = [phaseLabel(p.phase)];
  if (p.filesTotal > 0) parts.push(`${p.filesDone}/${p.filesTotal} files`);
  if ((p.chunksTotal ?? 0) > 0) parts.push(`${p.chunksDone ?? 0}/${p.chunksTotal} chunks`);
  if (p.phase === 'embedding' && p.keywordReady) parts.push('graph and keyword search ready');
  else if (p.phase === 'chunking' && p.graphReady) parts.push('graph ready');
  return parts.join(' · ');
}

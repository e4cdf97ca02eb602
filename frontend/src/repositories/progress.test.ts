import { describe, expect, it } from 'vitest';
import type { RepositoryProgress } from '../api/types';
import { progressPercent, progressText } from './progress';

const base: RepositoryProgress = {
  repositoryId: 'r1',
  fullName: 'acme/app',
  phase: 'chunking',
  filesDone: 200,
  filesTotal: 1000,
  status: 'syncing',
};

describe('repository progress', () => {
  it('says when the graph is written while the code is still being split', () => {
    expect(progressText(base)).toBe('Splitting code · 200/1000 files');
    expect(progressText({ ...base, graphReady: true })).toBe('Splitting code · 200/1000 files · graph ready');
    expect(progressPercent(base)).toBe(20);
  });

  it('says search is usable while vectors fill in', () => {
    const embedding: RepositoryProgress = {
      ...base,
      phase: 'embedding',
      filesDone: 1000,
      chunksDone: 450,
      chunksTotal: 1800,
      graphReady: true,
      keywordReady: true,
    };
    expect(progressText(embedding)).toBe(
      'Embedding code · 1000/1000 files · 450/1800 chunks · graph and keyword search ready',
    );
    expect(progressPercent(embedding)).toBe(25);
  });
});

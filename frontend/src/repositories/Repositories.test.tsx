import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Repository } from '../api/types';
import { fakeApi } from '../../test/fakeApi';
import { renderApp, signedIn } from '../../test/renderApp';
import { progressPercent } from './progress';

const repo = (over: Partial<Repository>): Repository => ({
  id: 'r1',
  url: 'https://github.com/acme/api.git',
  fullName: 'acme/api',
  owner: 'acme',
  name: 'api',
  branch: 'main',
  status: 'indexed',
  lastIndexedCommit: '9f8e7d6c5b4a39281706',
  lastSyncedAt: new Date().toISOString(),
  syncDurationMs: 4200,
  error: null,
  counts: { files: 120, chunks: 860, dependencies: 42, manifests: 3 },
  ...over,
});

describe('progressPercent', () => {
  it('uses chunks while embedding and files otherwise', () => {
    expect(progressPercent({ repositoryId: 'r', fullName: 'x', phase: 'parsing', filesDone: 5, filesTotal: 20, status: 'syncing' })).toBe(25);
    expect(
      progressPercent({ repositoryId: 'r', fullName: 'x', phase: 'embedding', filesDone: 20, filesTotal: 20, chunksDone: 30, chunksTotal: 120, status: 'syncing' }),
    ).toBe(25);
    expect(progressPercent({ repositoryId: 'r', fullName: 'x', phase: 'cloning', filesDone: 0, filesTotal: 0, status: 'syncing' })).toBeNull();
  });
});

describe('repositories page', () => {
  it('lists repositories with status, short commit, counts and errors; read-only for users', async () => {
    signedIn('user');
    fakeApi({
      'GET /api/repositories': {
        body: { repositories: [repo({}), repo({ id: 'r2', fullName: 'acme/web', status: 'failed', error: 'Repository not found', lastIndexedCommit: null, counts: null })] },
      },
    });
    renderApp('/repositories');
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText('9f8e7d6')).toBeInTheDocument();
    expect(within(rows[1]).getByText('860')).toBeInTheDocument();
    expect(within(rows[1]).getByText('indexed')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Repository not found')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Add a repository' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Sync/ })).toBeNull();
  });

  it('lets admins add, sync and delete (after confirming)', async () => {
    signedIn('admin');
    const api = fakeApi({
      'GET /api/repositories': { body: { repositories: [repo({})] } },
      'POST /api/repositories': { status: 202, body: repo({ id: 'r3', fullName: 'acme/billing', status: 'pending' }) },
      'POST /api/repositories/r1/sync': { status: 202, body: {} },
      'DELETE /api/repositories/r1': { status: 200, body: {} },
    });
    renderApp('/repositories');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Add a repository' });
    await user.type(within(form).getByLabelText('Repository URL'), 'https://github.com/acme/billing.git');
    await user.type(within(form).getByLabelText('Branch (optional)'), 'develop');
    await user.click(within(form).getByRole('button', { name: 'Add and index' }));
    await waitFor(() =>
      expect(api.callsTo('POST', '/api/repositories')[0]?.body).toEqual({ url: 'https://github.com/acme/billing.git', branch: 'develop' }),
    );
    expect(await within(form).findByText('Added acme/billing. Indexing has started.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Sync acme/api' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/repositories/r1/sync')).toHaveLength(1));

    await user.click(screen.getByRole('button', { name: 'Delete acme/api' }));
    expect(api.callsTo('DELETE', '/api/repositories/r1')).toHaveLength(0);
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete repository' }));
    await waitFor(() => expect(api.callsTo('DELETE', '/api/repositories/r1')).toHaveLength(1));
  });

  it('shows live indexing progress from repository:progress events', async () => {
    signedIn('user');
    fakeApi({ 'GET /api/repositories': { body: { repositories: [repo({ status: 'syncing' })] } } });
    const { sockets } = renderApp('/repositories');
    await screen.findByRole('table');
    act(() => sockets.last().open());
    await waitFor(() => expect(sockets.last().framesOfType('subscribe')).toEqual([{ type: 'subscribe', topic: 'repositories', token: 'test-token' }]));
    act(() =>
      sockets.last().receive({
        id: 50,
        type: 'repository:progress',
        conversationId: null,
        queryId: null,
        data: { repositoryId: 'r1', fullName: 'acme/api', phase: 'embedding', filesDone: 120, filesTotal: 120, chunksDone: 215, chunksTotal: 860, status: 'syncing' },
      }),
    );
    const bar = await screen.findByRole('progressbar', { name: 'Indexing acme/api: Embedding code' });
    expect(bar).toHaveAttribute('aria-valuenow', '25');
    expect(screen.getByText('Embedding code · 120/120 files · 215/860 chunks')).toBeInTheDocument();
  });
});

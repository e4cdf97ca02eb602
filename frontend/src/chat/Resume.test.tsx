import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderApp, signedIn } from '../../test/renderApp';

describe('reloading while a question is answered', () => {
  it('finds the running query through a replay and follows it to the answer', async () => {
    signedIn();
    const asked = new Date(Date.now() - 20_000).toISOString();
    const messages: unknown[] = [
      { id: 'm1', role: 'user', content: 'Old question', metadata: {}, createdAt: asked },
      { id: 'a1', role: 'assistant', content: 'Old answer', metadata: { queryId: 'q-old', provider: 'openai' }, createdAt: asked },
      { id: 'm2', role: 'user', content: 'Who uses express?', metadata: {}, createdAt: asked },
    ];
    fakeApi({
      'GET /api/chat/conversations': { body: { conversations: [{ conversationId: 'c1', title: 'Express', createdAt: asked }] } },
      'GET /api/chat/conversations/c1/messages': () => ({ body: { messages } }),
      'GET /api/chat/query/q2': { body: { queryId: 'q2', conversationId: 'c1', status: 'processing', progress: 50 } },
    });
    const { sockets } = renderApp('/chat/c1');
    const socket = sockets.last();
    act(() => socket.open());
    await screen.findByText('Who uses express?');
    await waitFor(() => expect(socket.framesOfType('join')).toContainEqual({ type: 'join', conversationId: 'c1', token: 'test-token', afterId: 0 }));

    act(() => {
      socket.receive({ id: 1, type: 'task:created', conversationId: 'c1', queryId: 'q-old', data: { queryId: 'q-old', status: 'processing', message: 'Old question' } });
      socket.receive({ id: 2, type: 'query:completed', conversationId: 'c1', queryId: 'q-old', data: { status: 'completed', result: { answer: 'Old answer', provider: 'openai', model: 'm', degraded: false, citations: [] } } });
      socket.receive({ id: 3, type: 'task:created', conversationId: 'c1', queryId: 'q2', data: { queryId: 'q2', status: 'processing', message: 'Who uses express?' } });
      socket.receive({ id: 4, type: 'query:progress', conversationId: 'c1', queryId: 'q2', data: { progress: 70, message: 'Writing' } });
    });
    expect(await screen.findByRole('progressbar', { name: 'Answer progress' })).toHaveAttribute('aria-valuenow', '70');
    expect(screen.getByLabelText('Ask about your repositories')).toBeDisabled();

    messages.push({ id: 'a2', role: 'assistant', content: 'acme/api uses it', metadata: { queryId: 'q2' }, createdAt: new Date().toISOString() });
    act(() =>
      socket.receive({ id: 5, type: 'query:completed', conversationId: 'c1', queryId: 'q2', data: { status: 'completed', result: { answer: 'acme/api uses it', provider: 'openai', model: 'm', degraded: false, citations: [] } } }),
    );
    expect(await screen.findByText('acme/api uses it')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Ask about your repositories')).toBeEnabled());
    expect(screen.getAllByText('Old answer')).toHaveLength(1);
  });
});

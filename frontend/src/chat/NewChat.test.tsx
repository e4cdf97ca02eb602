import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderApp, signedIn } from '../../test/renderApp';

describe('a new chat', () => {
  it('creates and joins the conversation before the first question, so its answer streams live', async () => {
    signedIn();
    let created = false;
    const api = fakeApi({
      'GET /api/chat/conversations': () => ({
        body: {
          conversations: created
            ? [{ conversationId: 'n1', title: 'Who uses express?', createdAt: new Date().toISOString() }]
            : [],
        },
      }),
      'POST /api/chat/conversations': () => {
        created = true;
        return { status: 201, body: { conversationId: 'n1', title: 'Who uses express?', createdAt: new Date().toISOString() } };
      },
      'POST /api/chat/message': () => {
        return { status: 202, body: { queryId: 'q7', conversationId: 'n1', status: 'processing', message: 'ok' } };
      },
      'GET /api/chat/conversations/n1/messages': {
        body: { messages: [{ id: 'm1', role: 'user', content: 'Who uses express?', metadata: {}, createdAt: new Date().toISOString() }] },
      },
      'GET /api/chat/query/q7': { body: { queryId: 'q7', conversationId: 'n1', status: 'processing', progress: 5 } },
    });
    const { sockets } = renderApp('/chat');
    act(() => sockets.last().open());
    expect(await screen.findByRole('heading', { name: 'New chat', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText('No conversations yet. Ask a question to start one.')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Ask about your repositories'), 'Who uses express?{Enter}');
    await waitFor(() =>
      expect(sockets.last().framesOfType('join')).toContainEqual({ type: 'join', conversationId: 'n1', token: 'test-token', afterId: 0 }),
    );
    expect(api.callsTo('POST', '/api/chat/conversations')[0]?.body).toEqual({ title: 'Who uses express?' });
    // The question waits for the server's confirmation of the join.
    expect(api.callsTo('POST', '/api/chat/message')).toHaveLength(0);
    act(() => sockets.last().receive({ type: 'joined', conversationId: 'n1' }));
    await waitFor(() =>
      expect(api.callsTo('POST', '/api/chat/message')[0]?.body).toEqual({ message: 'Who uses express?', conversationId: 'n1' }),
    );
    await screen.findByRole('heading', { name: 'Who uses express?', level: 1 });
    // One copy of the question, even after the stored messages arrive.
    await waitFor(() => expect(api.callsTo('GET', '/api/chat/conversations/n1/messages')).toHaveLength(1));
    expect(screen.getAllByText('Who uses express?', { selector: 'p' })).toHaveLength(1);
    expect(screen.getByLabelText('Ask about your repositories')).toBeDisabled();
  });

  it('posts the first question without a conversation when the live connection is down', async () => {
    signedIn();
    const api = fakeApi({
      'GET /api/chat/conversations': { body: { conversations: [] } },
      'POST /api/chat/message': { status: 202, body: { queryId: 'q8', conversationId: 'n2', status: 'processing', message: 'ok' } },
      'GET /api/chat/conversations/n2/messages': { body: { messages: [] } },
      'GET /api/chat/query/q8': { body: { queryId: 'q8', conversationId: 'n2', status: 'processing', progress: 5 } },
    });
    renderApp('/chat');
    expect(await screen.findByText('No conversations yet. Ask a question to start one.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Ask about your repositories'), 'Who uses react?{Enter}');
    await waitFor(() => expect(api.callsTo('POST', '/api/chat/message')[0]?.body).toEqual({ message: 'Who uses react?' }));
    expect(api.callsTo('POST', '/api/chat/conversations')).toHaveLength(0);
  });
});

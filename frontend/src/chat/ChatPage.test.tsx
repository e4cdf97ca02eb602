import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../api/types';
import { fakeApi } from '../../test/fakeApi';
import { renderApp, signedIn } from '../../test/renderApp';

const conversations = [
  { conversationId: 'c1', title: 'Express versions', createdAt: '2025-03-14T09:00:00Z', updatedAt: '2025-03-14T09:05:00Z' },
  { conversationId: 'c2', title: 'JWT validation', createdAt: '2025-02-01T10:00:00Z', updatedAt: '2025-02-01T10:00:00Z' },
];

function chatApi(messages: ChatMessage[] = []) {
  const stored = [...messages];
  const api = fakeApi({
    'GET /api/chat/conversations': () => ({ body: { conversations } }),
    'GET /api/chat/conversations/c1/messages': () => ({ body: { messages: stored } }),
    'GET /api/chat/conversations/c2/messages': () => ({ body: { messages: [] } }),
    'POST /api/chat/message': ({ body }) => {
      stored.push({
        id: `m${stored.length + 1}`,
        role: 'user',
        content: (body as { message: string }).message,
        metadata: {},
        createdAt: new Date().toISOString(),
      });
      return { status: 202, body: { queryId: 'q1', conversationId: 'c1', status: 'processing', message: 'Query accepted' } };
    },
    'GET /api/chat/query/q1': { body: { queryId: 'q1', conversationId: 'c1', status: 'processing', progress: 10 } },
    'POST /api/chat/query/q1/cancel': { body: { queryId: 'q1', conversationId: 'c1', status: 'cancelled', progress: 40 } },
    'DELETE /api/chat/conversation/c2': { status: 204 },
  });
  return { api, stored };
}

const result = {
  answer: '**express** is used by `acme/api` at 4.18.2.',
  provider: 'offline',
  model: 'offline-rules',
  degraded: false,
  citations: [
    { repository: 'acme/api', path: 'src/server/app.ts', startLine: 10, endLine: 24, commitSha: 'abcdef1234567890' },
  ],
};

async function openChat() {
  signedIn();
  const view = renderApp('/chat/c1');
  const socket = view.sockets.last();
  act(() => socket.open());
  await screen.findByRole('heading', { name: 'Express versions', level: 1 });
  return { ...view, socket };
}

describe('chat', () => {
  beforeEach(() => localStorage.clear());

  it('sends with Enter, adds a newline with Shift+Enter', async () => {
    const { api } = chatApi();
    await openChat();
    const user = userEvent.setup();
    const input = screen.getByLabelText('Ask about your repositories');
    await user.type(input, 'Who uses express?{Shift>}{Enter}{/Shift}and which version?');
    expect(input).toHaveValue('Who uses express?\nand which version?');
    expect(api.callsTo('POST', '/api/chat/message')).toHaveLength(0);

    await user.keyboard('{Enter}');
    await waitFor(() => expect(api.callsTo('POST', '/api/chat/message')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/chat/message')[0].body).toEqual({
      conversationId: 'c1',
      message: 'Who uses express?\nand which version?',
    });
  });

  it('shows the question at once, locks the input while answering, streams tokens, then shows the stored answer', async () => {
    const { api, stored } = chatApi();
    const { socket } = await openChat();
    const user = userEvent.setup();
    const input = screen.getByLabelText('Ask about your repositories');
    await user.type(input, 'Who uses express?{Enter}');

    expect(await screen.findByText('Who uses express?')).toBeInTheDocument();
    await waitFor(() => expect(input).toBeDisabled());
    expect(socket.framesOfType('join').map((f) => f.conversationId)).toContain('c1');

    act(() => {
      socket.receive({ id: 11, type: 'query:progress', conversationId: 'c1', queryId: 'q1', data: { stage: 'retrieve', progress: 60, message: 'Looking through the graph' } });
      socket.receive({ type: 'query:token', conversationId: 'c1', queryId: 'q1', data: { token: 'express is ' } });
      socket.receive({ type: 'query:token', conversationId: 'c1', queryId: 'q1', data: { token: 'used by acme' } });
    });
    expect(screen.getByTestId('streamed-answer')).toHaveTextContent('express is used by acme');
    expect(screen.getByRole('progressbar', { name: 'Answer progress' })).toHaveAttribute('aria-valuenow', '60');

    stored.push({
      id: 'a1',
      role: 'assistant',
      content: result.answer,
      metadata: { provider: 'offline', model: 'offline-rules', degraded: false, citations: result.citations, queryId: 'q1' },
      createdAt: new Date().toISOString(),
    });
    act(() => {
      socket.receive({ id: 12, type: 'query:completed', conversationId: 'c1', queryId: 'q1', data: { status: 'completed', result } });
    });

    await screen.findByRole('article', { name: 'Answer' });
    expect(screen.queryByTestId('streamed-answer')).toBeNull();
    await waitFor(() => expect(input).toBeEnabled());
    // The stored copy replaces the provisional one: one answer, not two.
    await waitFor(() => expect(api.callsTo('GET', '/api/chat/conversations/c1/messages').length).toBeGreaterThanOrEqual(2));
    await waitFor(() => expect(screen.getAllByRole('article', { name: 'Answer' })).toHaveLength(1));
    const answer = screen.getByRole('article', { name: 'Answer' });
    expect(within(answer).getByText('express', { selector: 'strong' })).toBeInTheDocument();
    expect(within(answer).getByText('Offline answer')).toBeInTheDocument();
    expect(within(answer).getByRole('button', { name: /acme\/api › src\/server\/app\.ts/ })).toBeInTheDocument();
  });

  it('opens a citation in a panel with a link to search for the file', async () => {
    chatApi([
      { id: 'm1', role: 'user', content: 'Where?', metadata: {}, createdAt: '2025-03-14T09:00:00Z' },
      { id: 'a1', role: 'assistant', content: 'Here.', metadata: { provider: 'openai', degraded: true, citations: result.citations }, createdAt: '2025-03-14T09:00:05Z' },
    ]);
    await openChat();
    const answer = screen.getByRole('article', { name: 'Answer' });
    expect(within(answer).getByText('Degraded')).toBeInTheDocument();
    expect(within(answer).queryByText('Offline answer')).toBeNull();

    await userEvent.click(within(answer).getByRole('button', { name: /acme\/api › src\/server\/app\.ts L10–24/ }));
    const panel = screen.getByRole('complementary', { name: 'Source' });
    expect(within(panel).getByText('src/server/app.ts')).toBeInTheDocument();
    expect(within(panel).getByText('lines 10–24')).toBeInTheDocument();
    expect(within(panel).getByText('abcdef1234')).toBeInTheDocument();
    expect(within(panel).getByRole('link', { name: 'Search for this file' })).toHaveAttribute(
      'href',
      '/search?q=app.ts&repo=acme%2Fapi',
    );
  });

  it('stops a running answer with the cancel endpoint', async () => {
    const { api } = chatApi();
    await openChat();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Ask about your repositories'), 'Long question{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/chat/query/q1/cancel')).toHaveLength(1));
    expect(await screen.findByText('You stopped this answer.')).toBeInTheDocument();
    expect(screen.getByLabelText('Ask about your repositories')).toBeEnabled();
  });

  it('shows a failed answer in plain words and unlocks the input', async () => {
    chatApi();
    const { socket } = await openChat();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Ask about your repositories'), 'Question{Enter}');
    await waitFor(() => expect(screen.getByLabelText('Ask about your repositories')).toBeDisabled());
    act(() =>
      socket.receive({ id: 20, type: 'error', conversationId: 'c1', queryId: 'q1', data: { queryId: 'q1', status: 'failed', error: 'The model timed out' } }),
    );
    expect(await screen.findByText('The answer failed: The model timed out')).toBeInTheDocument();
    expect(screen.getByLabelText('Ask about your repositories')).toBeEnabled();
  });

  it('puts the question back and counts down when rate limited', async () => {
    fakeApi({
      'GET /api/chat/conversations': { body: { conversations } },
      'GET /api/chat/conversations/c1/messages': { body: { messages: [] } },
      'POST /api/chat/message': { status: 429, body: { error: 'AI quota exceeded' }, headers: { 'Retry-After': '30' } },
    });
    await openChat();
    const user = userEvent.setup();
    const input = screen.getByLabelText('Ask about your repositories');
    await user.type(input, 'Too fast{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/Too many requests\. Try again in (30|29) s\./);
    expect(input).toHaveValue('Too fast');
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    expect(screen.queryByText('Too fast', { selector: 'p' })).toBeNull();
  });

  it('shows agent activity cards, updated in place, and clears them', async () => {
    chatApi();
    const { socket } = await openChat();
    const panel = screen.getByRole('region', { name: 'Agent activity' });
    expect(within(panel).getByText('Live')).toBeInTheDocument();
    act(() => {
      socket.receive({ id: 1, type: 'task:created', conversationId: 'c1', queryId: 'q9', data: { queryId: 'q9', status: 'processing', message: 'Who uses express?' } });
      socket.receive({ id: 2, type: 'agent:spawned', conversationId: 'c1', queryId: 'q9', data: { agentType: 'planner', attempt: 1, worker: 'w-1' } });
      socket.receive({ id: 3, type: 'query:progress', conversationId: 'c1', queryId: 'q9', data: { stage: 'plan', progress: 20, message: 'Planning' } });
      socket.receive({ id: 4, type: 'query:progress', conversationId: 'c1', queryId: 'q9', data: { stage: 'answer', progress: 80, message: 'Writing the answer' } });
    });
    const cards = within(panel).getAllByRole('listitem');
    expect(cards).toHaveLength(3);
    expect(within(panel).getByText('Planner agent')).toBeInTheDocument();
    expect(within(panel).getByText('attempt 1 on w-1 ·', { exact: false })).toBeInTheDocument();
    expect(within(panel).getByText('Writing the answer')).toBeInTheDocument();
    expect(within(panel).queryByText('Planning')).toBeNull();
    expect(within(panel).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '80');

    await userEvent.click(within(panel).getByRole('button', { name: 'Clear' }));
    expect(within(panel).queryAllByRole('listitem')).toHaveLength(0);
  });
});

describe('conversation sidebar', () => {
  it('filters conversations by title and by date', async () => {
    chatApi();
    await openChat();
    const nav = screen.getByRole('navigation', { name: 'Conversations' });
    const search = within(nav).getByLabelText('Search conversations by title or date');
    await userEvent.type(search, 'jwt');
    expect(within(nav).queryByText('Express versions')).toBeNull();
    expect(within(nav).getByText('JWT validation')).toBeInTheDocument();
    await userEvent.clear(search);
    await userEvent.type(search, '2025-03-14');
    expect(within(nav).getByText('Express versions')).toBeInTheDocument();
    expect(within(nav).queryByText('JWT validation')).toBeNull();
  });

  it('deletes only after confirmation', async () => {
    const { api } = chatApi();
    await openChat();
    const nav = screen.getByRole('navigation', { name: 'Conversations' });
    await userEvent.click(within(nav).getByRole('button', { name: 'Delete conversation “JWT validation”' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Delete this conversation?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.callsTo('DELETE', '/api/chat/conversation/c2')).toHaveLength(0);

    await userEvent.click(within(nav).getByRole('button', { name: 'Delete conversation “JWT validation”' }));
    dialog = screen.getByRole('alertdialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.callsTo('DELETE', '/api/chat/conversation/c2')).toHaveLength(1));
    await waitFor(() => expect(within(nav).queryByText('JWT validation')).toBeNull());
  });

  it('closes the delete dialog with Escape without deleting', async () => {
    const { api } = chatApi();
    await openChat();
    const nav = screen.getByRole('navigation', { name: 'Conversations' });
    await userEvent.click(within(nav).getByRole('button', { name: 'Delete conversation “JWT validation”' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.callsTo('DELETE', '/api/chat/conversation/c2')).toHaveLength(0);
  });
});

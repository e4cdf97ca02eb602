import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderApp, signedIn } from '../../test/renderApp';

describe('authentication', () => {
  it('sends signed-out visitors to the sign-in page', async () => {
    fakeApi({});
    renderApp('/repositories');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('signs up, signs in and lands in the chat', async () => {
    const api = fakeApi({
      'POST /api/auth/register': { status: 201, body: { userId: 'u1', username: 'bob', role: 'admin' } },
      'POST /api/auth/login': {
        body: { token: 'jwt-1', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user: { userId: 'u1', username: 'bob', role: 'admin' } },
      },
      'GET /api/chat/conversations': { body: { conversations: [] } },
    });
    renderApp('/signup');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), 'bob');
    await user.type(screen.getByLabelText('Password'), 'a-long-password');
    await user.type(screen.getByLabelText('Repeat password'), 'a-long-password');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('heading', { name: 'New chat' })).toBeInTheDocument();
    expect(api.callsTo('POST', '/api/auth/register')[0].body).toEqual({ username: 'bob', password: 'a-long-password' });
    expect(screen.getByRole('link', { name: 'Operations' })).toBeInTheDocument();
    await waitFor(() => expect(api.callsTo('GET', '/api/chat/conversations')[0].headers.Authorization).toBe('Bearer jwt-1'));
  });

  it('says so when the password is wrong', async () => {
    fakeApi({ 'POST /api/auth/login': { status: 401, body: { error: 'Invalid username or password' } } });
    renderApp('/signin');
    await userEvent.type(screen.getByLabelText('Username'), 'bob');
    await userEvent.type(screen.getByLabelText('Password'), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid username or password');
  });

  it('returns to sign-in with an explanation when the server rejects the token', async () => {
    signedIn();
    fakeApi({ 'GET /api/chat/conversations': { status: 401, body: { error: 'Unauthorized' } } });
    renderApp('/chat');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByText('Your session has ended. Please sign in again.')).toBeInTheDocument();
    expect(localStorage.getItem('devagent.session')).toBeNull();
  });

  it('hides the operations page from non-admins', async () => {
    signedIn('user');
    fakeApi({ 'GET /api/chat/conversations': { body: { conversations: [] } } });
    renderApp('/ops');
    expect(await screen.findByRole('heading', { name: 'Administrators only' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Operations' })).toBeNull();
  });
});

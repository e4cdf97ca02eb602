import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { App } from '../src/App';
import { AuthProvider } from '../src/auth/AuthContext';
import { ActivityProvider } from '../src/live/ActivityContext';
import { LiveProvider } from '../src/live/LiveContext';
import type { Role } from '../src/api/types';
import { socketFactory } from './fakeSocket';

export function signedIn(role: Role = 'user', username = 'alice') {
  localStorage.setItem(
    'devagent.session',
    JSON.stringify({
      token: 'test-token',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      user: { userId: 'u1', username, role },
    }),
  );
}

export function renderApp(path: string) {
  const sockets = socketFactory();
  const result = render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <LiveProvider createSocket={sockets.create} url="ws://test/ws">
          <ActivityProvider>
            <App />
          </ActivityProvider>
        </LiveProvider>
      </AuthProvider>
    </MemoryRouter>,
  );
  return { ...result, sockets };
}

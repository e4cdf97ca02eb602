import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { AuthProvider } from './auth/AuthContext';
import { ActivityProvider } from './live/ActivityContext';
import { LiveProvider } from './live/LiveContext';
import { loadServerPorts } from './live/wsUrl';
import './styles.css';

void loadServerPorts().finally(() => createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <AuthProvider>
        <LiveProvider>
          <ActivityProvider>
            <App />
          </ActivityProvider>
        </LiveProvider>
      </AuthProvider>
    </BrowserRouter>
  </StrictMode>,
));

import { lazy, Suspense } from 'react';
import { Link, Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { RequireAdmin, RequireAuth } from './auth/RequireAuth';
import { SignInPage } from './auth/SignInPage';
import { ChatPage } from './chat/ChatPage';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Layout } from './components/Layout';

// Pages other than chat load on first visit; the graph page carries cytoscape.
const RepositoriesPage = lazy(() => import('./repositories/RepositoriesPage'));
const GraphPage = lazy(() => import('./graph/GraphPage'));
const SearchPage = lazy(() => import('./search/SearchPage'));
const OpsPage = lazy(() => import('./ops/OpsPage'));

function Shell() {
  const location = useLocation();
  const section = location.pathname.split('/')[1] ?? '';
  return (
    <RequireAuth>
      <Layout>
        {/* Keyed by section so a crashed page recovers when the user navigates away. */}
        <ErrorBoundary key={section}>
          <Suspense
            fallback={
              <p className="muted page" role="status">
                Loading…
              </p>
            }
          >
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </Layout>
    </RequireAuth>
  );
}

function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/chat">Go to the chat</Link>.
      </p>
    </div>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage mode="signin" />} />
      <Route path="/signup" element={<SignInPage mode="signup" />} />
      <Route element={<Shell />}>
        <Route index element={<Navigate to="/chat" replace />} />
        <Route path="chat/:conversationId?" element={<ChatPage />} />
        <Route path="repositories" element={<RepositoriesPage />} />
        <Route path="graph" element={<GraphPage />} />
        <Route path="search" element={<SearchPage />} />
        <Route
          path="ops"
          element={
            <RequireAdmin>
              <OpsPage />
            </RequireAdmin>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

import { useEffect, useState, type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { LiveIndicator } from './LiveIndicator';

export function Layout({ children }: { children: ReactNode }) {
  const { user, isAdmin, signOut } = useAuth();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);

  const links = [
    { to: '/chat', label: 'Chat' },
    { to: '/repositories', label: 'Repositories' },
    { to: '/graph', label: 'Graph' },
    { to: '/search', label: 'Search' },
    ...(isAdmin ? [{ to: '/ops', label: 'Operations' }] : []),
  ];

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/chat" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          Developer Agent
        </NavLink>
        <button
          type="button"
          className="btn btn-ghost menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="primary-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <nav id="primary-nav" className={`primary-nav${menuOpen ? ' open' : ''}`} aria-label="Main">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} className={({ isActive }) => (isActive ? 'active' : undefined)}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <div className="topbar-user">
            <LiveIndicator />
            {user && (
              <span className="user-name" title={`Signed in as ${user.username}`}>
                {user.username}
                {isAdmin && <span className="badge badge-muted">admin</span>}
              </span>
            )}
            <button type="button" className="btn btn-small" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </nav>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

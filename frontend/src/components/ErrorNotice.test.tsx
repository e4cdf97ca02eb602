import { act, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http';
import { ErrorNotice } from './ErrorNotice';

describe('ErrorNotice', () => {
  it('counts down Retry-After for 429, then says it can be retried', () => {
    vi.useFakeTimers();
    const now = Date.now();
    render(
      <MemoryRouter>
        <ErrorNotice error={new ApiError(429, 'Too many requests.', undefined, 3)} receivedAt={now} onRetry={() => {}} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Too many requests. Try again in 3 s.');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByRole('alert')).toHaveTextContent('Try again in 2 s.');
    act(() => vi.advanceTimersByTime(2000));
    expect(screen.getByRole('alert')).toHaveTextContent('You can try again now.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('offers sign-in for 401', () => {
    render(
      <MemoryRouter>
        <ErrorNotice error={new ApiError(401, 'x', undefined, null, true)} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('link', { name: 'Sign in again' })).toHaveAttribute('href', '/signin');
  });
});

import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { highlight, queryTerms } from './highlight';
import { fakeApi } from '../../test/fakeApi';
import { renderApp, signedIn } from '../../test/renderApp';

describe('highlight', () => {
  it('marks query words case-insensitively and leaves markup as text', () => {
    const { container } = render(<code>{highlight('<b onclick="x()">verifyJwt(token)</b> // JWT', 'jwt token')}</code>);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Jwt', 'token', 'JWT']);
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toBe('<b onclick="x()">verifyJwt(token)</b> // JWT');
  });

  it('treats regex characters in the query literally', () => {
    expect(queryTerms('a.b (c)')).toEqual(['a.b', '(c)']);
    const { container } = render(<span>{highlight('axb a.b', 'a.b')}</span>);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['a.b']);
  });
});

describe('search page', () => {
  it('searches from the URL, filters by repository and shows path, lines and snippet', async () => {
    signedIn();
    const api = fakeApi({
      'GET /api/repositories': { body: { repositories: [{ id: 'r1', fullName: 'acme/api' }, { id: 'r2', fullName: 'acme/web' }] } },
      'GET /api/search': ({ query }) => ({
        body: {
          query: query.get('q'),
          results: [
            {
              repository: 'acme/api',
              path: 'src/auth/jwt.ts',
              startLine: 40,
              endLine: 41,
              commitSha: '0123456789abcdef',
              language: 'typescript',
              snippet: 'export function verifyJwt(token) {\n  return "<img src=x onerror=alert(1)>";',
              score: 0.873,
            },
          ],
        },
      }),
    });
    renderApp('/search?q=jwt&repo=acme%2Fapi');
    const result = within(await screen.findByRole('list', { name: 'Search results' })).getByRole('listitem');
    expect(api.callsTo('GET', '/api/search')[0].query.get('repo')).toBe('acme/api');
    expect(within(result).getByRole('heading', { name: 'src/auth/jwt.ts' })).toBeInTheDocument();
    expect(within(result).getByText('lines 40–41')).toBeInTheDocument();
    expect(within(result).getByText('0123456')).toBeInTheDocument();
    expect(result.querySelector('img')).toBeNull();
    expect(result.querySelector('mark')?.textContent).toBe('Jwt');

    await userEvent.selectOptions(await screen.findByLabelText('Repository'), '');
    await userEvent.clear(screen.getByLabelText('Search for'));
    await userEvent.type(screen.getByLabelText('Search for'), 'token{Enter}');
    await waitFor(() => expect(api.callsTo('GET', '/api/search')).toHaveLength(2));
    const second = api.callsTo('GET', '/api/search')[1].query;
    expect(second.get('q')).toBe('token');
    expect(second.has('repo')).toBe(false);
  });
});

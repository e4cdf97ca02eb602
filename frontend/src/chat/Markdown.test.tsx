import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Markdown } from './Markdown';

describe('Markdown', () => {
  it('renders <script> and <img onerror> as inert text', () => {
    const alert = vi.fn();
    vi.stubGlobal('alert', alert);
    const { container } = render(
      <Markdown content={'Hello <script>alert(1)</script> and <img src=x onerror="alert(2)"> done'} />,
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    expect(container.textContent).toContain('<script>alert(1)</script>');
    expect(container.textContent).toContain('<img src=x onerror="alert(2)">');
    expect(alert).not.toHaveBeenCalled();
  });

  it('drops javascript: links and shows markdown images as links, not images', () => {
    const { container } = render(
      <Markdown content={'[click](javascript:alert(1)) ![tracker](https://evil.example/pixel.png?d=secret)'} />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.some((a) => (a.getAttribute('href') ?? '').toLowerCase().startsWith('javascript'))).toBe(false);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('[image: tracker]').closest('a')).toHaveAttribute('rel', expect.stringContaining('noopener'));
  });

  it('renders GFM tables', () => {
    render(<Markdown content={'| repo | version |\n| --- | --- |\n| acme/api | 4.18.2 |'} />);
    expect(screen.getByRole('table')).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'repo' })).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: '4.18.2' })).toBeInTheDocument();
  });

  it('highlights fenced code with a language label and a copy button', () => {
    const { container } = render(<Markdown content={'```ts\nconst answer: number = 42;\n```'} />);
    expect(container.querySelector('.code-language')?.textContent).toBe('ts');
    expect(container.querySelector('pre code .hljs-keyword')?.textContent).toBe('const');
    expect(screen.getByRole('button', { name: /copy ts code/i })).toBeInTheDocument();
  });

  it('copies the code text, not the markup', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<Markdown content={'```python\nprint("hi")\n```'} />);
    screen.getByRole('button', { name: /copy python code/i }).click();
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith('print("hi")\n'));
  });

  it('keeps unknown languages as plain text', () => {
    const { container } = render(<Markdown content={'```brainfuck\n+++<script>\n```'} />);
    expect(container.querySelector('.code-language')?.textContent).toBe('brainfuck');
    expect(container.querySelector('pre')?.textContent).toBe('+++<script>\n');
    expect(container.querySelector('script')).toBeNull();
  });
});

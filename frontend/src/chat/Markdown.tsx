import { memo, useRef, type ComponentProps } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CopyButton } from '../components/CopyButton';
import { rehypeCodeHighlight } from './highlightCode';

// Raw HTML in messages is never parsed (no rehype-raw): "<script>" or "<img onerror>" stays text.
// react-markdown's URL transform drops javascript: and other unsafe link targets.

interface HastElement {
  type: string;
  tagName?: string;
  properties?: { className?: unknown };
  children?: HastElement[];
}

function languageOf(node: HastElement | undefined): string | null {
  const code = node?.children?.find((child) => child.type === 'element' && child.tagName === 'code');
  const classes = code?.properties?.className;
  if (!Array.isArray(classes)) return null;
  const match = classes.find((c): c is string => typeof c === 'string' && c.startsWith('language-'));
  return match ? match.slice('language-'.length) : null;
}

function CodeBlock({ node, children, ...rest }: ComponentProps<'pre'> & { node?: unknown }) {
  const ref = useRef<HTMLPreElement>(null);
  const language = languageOf(node as HastElement | undefined);
  return (
    <div className="code-block">
      <div className="code-block-header">
        <span className="code-language">{language ?? 'text'}</span>
        <CopyButton text={() => ref.current?.textContent ?? ''} label={`Copy ${language ?? ''} code`.replace('  ', ' ')} />
      </div>
      <pre ref={ref} {...rest} tabIndex={0}>
        {children}
      </pre>
    </div>
  );
}

const components: Components = {
  pre: CodeBlock,
  a({ node: _node, href, children, ...rest }) {
    const internal = typeof href === 'string' && href.startsWith('/') && !href.startsWith('//');
    return internal ? (
      <a href={href} {...rest}>
        {children}
      </a>
    ) : (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow" {...rest}>
        {children}
      </a>
    );
  },
  // Remote images in answers could leak data to any host (and repository text is untrusted):
  // show them as links the user may choose to open.
  img({ src, alt }) {
    const label = alt?.trim() ? alt : 'image';
    return typeof src === 'string' && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer nofollow" className="md-image-link">
        [image: {label}]
      </a>
    ) : (
      <span>[image: {label}]</span>
    );
  },
  table({ node: _node, children, ...rest }) {
    return (
      <div className="table-scroll" tabIndex={0}>
        <table {...rest}>{children}</table>
      </div>
    );
  },
};

const remarkPlugins = [remarkGfm];
const rehypePlugins = [rehypeCodeHighlight];

export const Markdown = memo(function Markdown({ content }: { content: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {content}
      </ReactMarkdown>
    </div>
  );
});

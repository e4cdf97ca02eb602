// Rehype plugin: highlights fenced code blocks that name their language, with a chosen set of
// grammars. It produces hast nodes (spans with classes), never HTML strings.
import type { Element, ElementContent, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { createLowlight } from 'lowlight';
import { visit } from 'unist-util-visit';
import { highlightLanguages } from './languages';

const lowlight = createLowlight(highlightLanguages);

function languageOf(node: Element): string | null {
  const classes = node.properties?.className;
  if (!Array.isArray(classes)) return null;
  for (const c of classes) {
    if (typeof c === 'string' && c.startsWith('language-')) return c.slice('language-'.length).toLowerCase();
  }
  return null;
}

export function isHighlightable(language: string): boolean {
  return lowlight.registered(language);
}

export function rehypeCodeHighlight() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, _index, parent) => {
      if (node.tagName !== 'code' || !parent || (parent as Element).tagName !== 'pre') return;
      const language = languageOf(node);
      if (!language || !lowlight.registered(language)) return;
      try {
        const result = lowlight.highlight(language, toText(node, { whitespace: 'pre' }));
        node.children = result.children as ElementContent[];
        const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
        node.properties.className = [...classes, 'hljs'];
      } catch {
        // A grammar that fails leaves the block as plain text.
      }
    });
  };
}

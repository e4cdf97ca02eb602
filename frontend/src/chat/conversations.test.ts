import { describe, expect, it } from 'vitest';
import { conversationToJson, conversationToMarkdown } from './exportConversation';
import { filterConversations } from './filterConversations';
import type { ChatMessage, Conversation } from '../api/types';

const list: Conversation[] = [
  { conversationId: 'a', title: 'Express upgrade plan', createdAt: '2025-03-14T12:00:00Z' },
  { conversationId: 'b', title: null, createdAt: '2024-11-02T12:00:00Z' },
  { conversationId: 'c', title: 'JWT checks', createdAt: '2025-01-20T12:00:00Z', updatedAt: '2025-03-14T12:30:00Z' },
];

describe('filterConversations', () => {
  it('matches every word against title and dates, ignoring case', () => {
    expect(filterConversations(list, 'express').map((c) => c.conversationId)).toEqual(['a']);
    expect(filterConversations(list, 'UPGRADE express').map((c) => c.conversationId)).toEqual(['a']);
    expect(filterConversations(list, '2025-03-14').map((c) => c.conversationId)).toEqual(['a', 'c']);
    expect(filterConversations(list, 'untitled').map((c) => c.conversationId)).toEqual(['b']);
    expect(filterConversations(list, 'express 2024')).toEqual([]);
    expect(filterConversations(list, '  ')).toHaveLength(3);
  });
});

describe('export', () => {
  const messages: ChatMessage[] = [
    { id: '1', role: 'user', content: 'Who uses express?', createdAt: '2025-03-14T12:00:00Z', metadata: {} },
    {
      id: '2',
      role: 'assistant',
      content: '`acme/api` uses 4.18.2',
      createdAt: '2025-03-14T12:00:05Z',
      metadata: {
        provider: 'offline',
        degraded: false,
        citations: [{ repository: 'acme/api', path: 'package.json', startLine: 3, endLine: 9, commitSha: 'abc', url: 'https://git.example/acme/api/package.json' }],
      },
    },
  ];

  it('writes Markdown with speakers, labels and sources', () => {
    const md = conversationToMarkdown(list[0], messages);
    expect(md.startsWith('# Express upgrade plan\n')).toBe(true);
    expect(md).toContain('## You — 2025-03-14T12:00:00Z');
    expect(md).toContain('## Developer Agent — 2025-03-14T12:00:05Z (offline)');
    expect(md).toContain('- [acme/api/package.json:3-9](https://git.example/acme/api/package.json)');
  });

  it('writes JSON that parses back to the same messages', () => {
    const parsed = JSON.parse(conversationToJson(list[0], messages));
    expect(parsed.conversation.conversationId).toBe('a');
    expect(parsed.messages.map((m: ChatMessage) => m.content)).toEqual(['Who uses express?', '`acme/api` uses 4.18.2']);
    expect(parsed.messages[1].metadata.citations[0].startLine).toBe(3);
  });
});

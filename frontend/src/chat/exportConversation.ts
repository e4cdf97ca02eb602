import type { ChatMessage, Conversation } from '../api/types';
import { conversationTitle } from './filterConversations';

export function conversationToJson(conversation: Conversation | null, messages: ChatMessage[]): string {
  return JSON.stringify(
    {
      conversation,
      exportedAt: new Date().toISOString(),
      messages: messages.map(({ id, role, content, agentType, metadata, createdAt }) => ({
        id,
        role,
        content,
        agentType: agentType ?? null,
        metadata: metadata ?? {},
        createdAt,
      })),
    },
    null,
    2,
  );
}

export function conversationToMarkdown(conversation: Conversation | null, messages: ChatMessage[]): string {
  const title = conversation ? conversationTitle(conversation) : 'Conversation';
  const lines: string[] = [`# ${title}`, ''];
  if (conversation?.createdAt) lines.push(`_Started ${conversation.createdAt}_`, '');
  for (const message of messages) {
    const who = message.role === 'user' ? 'You' : 'Developer Agent';
    const meta = message.metadata ?? {};
    const labels = [
      meta.provider === 'offline' ? 'offline' : null,
      meta.degraded ? 'degraded' : null,
      meta.model ? `model ${meta.model}` : null,
    ].filter(Boolean);
    lines.push(`## ${who} — ${message.createdAt}${labels.length ? ` (${labels.join(', ')})` : ''}`, '');
    lines.push(message.content, '');
    const citations = meta.citations ?? [];
    if (citations.length) {
      lines.push('**Sources**', '');
      for (const c of citations) {
        const where = `${c.repository}/${c.path}:${c.startLine}-${c.endLine}`;
        lines.push(c.url ? `- [${where}](${c.url})` : `- ${where}`);
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}

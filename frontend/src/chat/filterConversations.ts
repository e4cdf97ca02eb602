import type { Conversation } from '../api/types';
import { formatDateTime, isoDay } from '../util/time';

export function conversationTitle(c: Pick<Conversation, 'title'>): string {
  return c.title?.trim() || 'Untitled conversation';
}

/**
 * Matches every word of the filter against the title or the dates ("2025-03-14", "mar 14"), so
 * people can find a chat by what it was about or when it happened.
 */
export function filterConversations(list: Conversation[], filter: string): Conversation[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return list;
  return list.filter((c) => {
    const haystack = [
      conversationTitle(c),
      isoDay(c.createdAt),
      isoDay(c.updatedAt),
      formatDateTime(c.createdAt),
      formatDateTime(c.updatedAt),
    ]
      .join(' ')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

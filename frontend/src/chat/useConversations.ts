import { useCallback, useEffect, useState } from 'react';
import { chatApi } from '../api/endpoints';
import type { Conversation } from '../api/types';

export function useConversations() {
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const refresh = useCallback(async () => {
    try {
      const list = await chatApi.conversations();
      setConversations(sortConversations(list));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const remove = useCallback(async (conversationId: string) => {
    await chatApi.deleteConversation(conversationId);
    setConversations((prev) => prev.filter((c) => c.conversationId !== conversationId));
  }, []);

  return { conversations, loading, error, refresh, remove };
}

export function sortConversations(list: Conversation[]): Conversation[] {
  const at = (c: Conversation) => Date.parse(c.updatedAt ?? c.createdAt) || 0;
  return [...list].sort((a, b) => at(b) - at(a));
}

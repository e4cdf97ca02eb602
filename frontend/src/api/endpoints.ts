import { request } from './http';
import type {
  ChatMessage,
  Conversation,
  DependenciesResponse,
  DependentsResponse,
  GraphStats,
  GraphView,
  ImpactResponse,
  LoginResponse,
  MessageAccepted,
  OpsRoutes,
  QueryView,
  Repository,
  SearchResponse,
  User,
} from './types';

const enc = encodeURIComponent;

export const authApi = {
  register: (username: string, password: string) =>
    request<User>('/api/auth/register', { method: 'POST', body: { username, password }, anonymous: true }),
  login: (username: string, password: string) =>
    request<LoginResponse>('/api/auth/login', { method: 'POST', body: { username, password }, anonymous: true }),
  logout: () => request<void>('/api/auth/logout', { method: 'POST' }),
};

export const chatApi = {
  send: (message: string, conversationId?: string) =>
    request<MessageAccepted>('/api/chat/message', {
      method: 'POST',
      body: conversationId ? { conversationId, message } : { message },
    }),
  conversations: async () =>
    (await request<{ conversations: Conversation[] }>('/api/chat/conversations')).conversations ?? [],
  createConversation: (title?: string) =>
    request<Conversation>('/api/chat/conversations', { method: 'POST', body: title ? { title } : {} }),
  messages: async (conversationId: string, limit = 200) =>
    (
      await request<{ messages: ChatMessage[] }>(`/api/chat/conversations/${enc(conversationId)}/messages`, {
        query: { limit },
      })
    ).messages ?? [],
  query: (queryId: string) => request<QueryView>(`/api/chat/query/${enc(queryId)}`),
  cancel: (queryId: string) => request<QueryView>(`/api/chat/query/${enc(queryId)}/cancel`, { method: 'POST' }),
  deleteConversation: (conversationId: string) =>
    request<void>(`/api/chat/conversation/${enc(conversationId)}`, { method: 'DELETE' }),
};

export const repositoriesApi = {
  list: async () => (await request<{ repositories: Repository[] }>('/api/repositories')).repositories ?? [],
  add: (url: string, branch?: string) =>
    request<Repository>('/api/repositories', { method: 'POST', body: branch ? { url, branch } : { url } }),
  sync: (id: string) => request<unknown>(`/api/repositories/${enc(id)}/sync`, { method: 'POST' }),
  remove: (id: string) => request<unknown>(`/api/repositories/${enc(id)}`, { method: 'DELETE' }),
};

export const searchApi = {
  search: (q: string, repo?: string, limit = 20, signal?: AbortSignal) =>
    request<SearchResponse>('/api/search', { query: { q, repo, limit }, signal }),
};

export const graphApi = {
  view: (ecosystem?: string, repo?: string) => request<GraphView>('/api/graph/view', { query: { ecosystem, repo } }),
  dependents: (ecosystem: string, pkg: string) =>
    request<DependentsResponse>('/api/graph/dependents', { query: { ecosystem, package: pkg } }),
  dependencies: (fullName: string) => {
    const [owner, ...rest] = fullName.split('/');
    return request<DependenciesResponse>(
      `/api/graph/repositories/${enc(owner)}/${enc(rest.join('/'))}/dependencies`,
    );
  },
  impact: (ecosystem: string, pkg: string, version?: string) =>
    request<ImpactResponse>('/api/graph/impact', { query: { ecosystem, package: pkg, version } }),
  stats: () => request<GraphStats>('/api/graph/stats'),
};

export const opsApi = {
  routes: () => request<OpsRoutes>('/api/ops/routes'),
};

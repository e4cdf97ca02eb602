// Shapes of the Developer Agent REST API and WebSocket events (DESIGN.md §7).

export type Role = 'user' | 'admin';

export interface User {
  userId: string;
  username: string;
  role: Role;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user?: User | null;
}

export interface Conversation {
  conversationId: string;
  title: string | null;
  createdAt: string;
  updatedAt?: string;
}

export interface Citation {
  repository: string;
  path: string;
  startLine: number;
  endLine: number;
  commitSha?: string | null;
  url?: string | null;
}

export interface MessageMetadata {
  provider?: string;
  model?: string;
  degraded?: boolean;
  citations?: Citation[];
  queryId?: string;
  [key: string]: unknown;
}

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  agentType?: string | null;
  metadata?: MessageMetadata | null;
  createdAt: string;
}

export interface MessageAccepted {
  queryId: string;
  conversationId: string;
  status: 'processing';
  message: string;
}

export type QueryStatus = 'processing' | 'completed' | 'failed' | 'cancelled';

export interface QueryResult {
  answer: string;
  provider: string;
  model: string;
  degraded: boolean;
  citations: Citation[];
}

export interface QueryView {
  queryId: string;
  conversationId: string;
  status: QueryStatus;
  progress: number;
  result?: QueryResult | null;
  error?: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt?: string | null;
}

export type RepositoryStatus = 'pending' | 'syncing' | 'indexed' | 'failed';

export interface Repository {
  id: string;
  url: string;
  fullName: string;
  owner: string;
  name: string;
  branch: string | null;
  status: RepositoryStatus;
  lastIndexedCommit: string | null;
  lastSyncedAt: string | null;
  syncDurationMs: number | null;
  error: string | null;
  counts?: { files: number; chunks: number; dependencies: number; manifests: number } | null;
}

export interface SearchResult {
  repository: string;
  path: string;
  startLine: number;
  endLine: number;
  commitSha: string | null;
  language: string | null;
  snippet: string;
  score: number;
}

export interface SearchResponse {
  query: string;
  results: SearchResult[];
}

export interface GraphNode {
  id: string;
  label: string;
  kind: 'repository' | 'package';
  ecosystem?: string | null;
}

export interface GraphEdge {
  source: string;
  target: string;
  kind: 'DEPENDS_ON' | 'PUBLISHES' | 'DEPENDS_ON_REPO';
  version?: string | null;
}

export interface GraphView {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface Dependent {
  repository: string;
  version: string | null;
  scope: string | null;
  direct: boolean;
  manifest: string | null;
}

export interface DependentsResponse {
  package: { ecosystem: string; name: string };
  dependents: Dependent[];
}

export interface Dependency {
  ecosystem: string;
  name: string;
  version: string | null;
  scope: string | null;
  direct: boolean;
  manifest: string | null;
}

export interface DependenciesResponse {
  repository: string;
  dependencies: Dependency[];
}

export interface ImpactResponse {
  package: { ecosystem: string; name: string };
  version: string | null;
  impacted: { repository: string; depth: number; path: string[]; version: string | null }[];
}

export interface GraphStats {
  repositories: number;
  packages: number;
  dependsOn: number;
  publishes: number;
  dependsOnRepo: number;
}

export interface RouteStats {
  routeId: string;
  exchangesTotal: number;
  exchangesFailed: number;
  inflight: number;
  meanMs: number;
  maxMs: number;
  p95Ms: number;
  ratePerMinute: number;
}

export interface OpsRoutes {
  routes: RouteStats[];
  generatedAt: string;
  grafanaUrl?: string | null;
}

// ---- WebSocket ----

export type LiveEventType =
  | 'task:created'
  | 'task:updated'
  | 'agent:spawned'
  | 'agent:status'
  | 'agent:message'
  | 'query:progress'
  | 'query:token'
  | 'query:completed'
  | 'repository:progress'
  | 'error';

export interface LiveEvent<D = Record<string, unknown>> {
  id?: number;
  type: LiveEventType | string;
  conversationId?: string | null;
  queryId?: string | null;
  timestamp?: string;
  data: D;
}

export interface RepositoryProgress {
  repositoryId: string;
  fullName: string;
  phase: 'cloning' | 'parsing' | 'graph' | 'chunking' | 'embedding' | 'done' | 'failed';
  filesDone: number;
  filesTotal: number;
  chunksDone?: number;
  chunksTotal?: number;
  /** The dependency graph is written (it is built while the code is split). */
  graphReady?: boolean;
  /** Graph and keyword search are complete; vectors may still be filling in. */
  keywordReady?: boolean;
  status: string;
  error?: string | null;
}

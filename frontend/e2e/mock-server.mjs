// @ts-check
// A stand-in for the Developer Agent server, for trying the SPA and the e2e script without the
// Java app: the REST API and WebSocket contract of DESIGN.md §7 with canned, in-memory data, the
// built SPA served from the same origin. Not a test of the real server.
//
//   npm run build && node e2e/mock-server.mjs      (MOCK_PORT, default 4173)
//   E2E_BASE_URL=http://localhost:4173 npm run e2e

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const port = Number(process.env.MOCK_PORT ?? 4173);
const now = () => new Date().toISOString();

/** @typedef {{ userId: string, username: string, role: 'user' | 'admin', password: string }} User */
/** @type {Map<string, User>} */
const users = new Map();
/** @type {Map<string, User>} */
const tokens = new Map();
/** @type {Map<string, { conversationId: string, title: string, createdAt: string, updatedAt: string, owner: string, messages: any[] }>} */
const conversations = new Map();
/** @type {Map<string, any>} */
const queries = new Map();
/** @type {any[]} */
const events = [];
let eventId = 0;

/** @type {any[]} */
const repositories = [
  { id: 'r1', url: 'https://github.com/acme/billing-api.git', fullName: 'acme/billing-api', owner: 'acme', name: 'billing-api', branch: 'main', status: 'indexed', lastIndexedCommit: '3f9c2ab71d0e4c58b1aa', lastSyncedAt: now(), syncDurationMs: 8400, error: null, counts: { files: 214, chunks: 1630, dependencies: 48, manifests: 2 } },
  { id: 'r2', url: 'https://github.com/acme/web-shop.git', fullName: 'acme/web-shop', owner: 'acme', name: 'web-shop', branch: 'main', status: 'syncing', lastIndexedCommit: null, lastSyncedAt: null, syncDurationMs: null, error: null, counts: { files: 0, chunks: 0, dependencies: 0, manifests: 0 } },
  { id: 'r3', url: 'https://github.com/acme/legacy.git', fullName: 'acme/legacy', owner: 'acme', name: 'legacy', branch: 'master', status: 'failed', lastIndexedCommit: null, lastSyncedAt: now(), syncDurationMs: 900, error: 'Repository not found or access denied', counts: null },
];

const graph = {
  nodes: [
    { id: 'repo:acme/billing-api', label: 'acme/billing-api', kind: 'repository' },
    { id: 'repo:acme/web-shop', label: 'acme/web-shop', kind: 'repository' },
    { id: 'repo:acme/common', label: 'acme/common', kind: 'repository' },
    { id: 'npm:express', label: 'express', kind: 'package', ecosystem: 'npm' },
    { id: 'npm:jsonwebtoken', label: 'jsonwebtoken', kind: 'package', ecosystem: 'npm' },
    { id: 'npm:@acme/common', label: '@acme/common', kind: 'package', ecosystem: 'npm' },
    { id: 'maven:org.slf4j:slf4j-api', label: 'org.slf4j:slf4j-api', kind: 'package', ecosystem: 'maven' },
  ],
  edges: [
    { source: 'repo:acme/billing-api', target: 'npm:express', kind: 'DEPENDS_ON', version: '4.18.2' },
    { source: 'repo:acme/web-shop', target: 'npm:express', kind: 'DEPENDS_ON', version: '4.19.1' },
    { source: 'repo:acme/billing-api', target: 'npm:jsonwebtoken', kind: 'DEPENDS_ON', version: '9.0.2' },
    { source: 'repo:acme/common', target: 'npm:@acme/common', kind: 'PUBLISHES' },
    { source: 'repo:acme/billing-api', target: 'npm:@acme/common', kind: 'DEPENDS_ON', version: '1.4.0' },
    { source: 'repo:acme/billing-api', target: 'repo:acme/common', kind: 'DEPENDS_ON_REPO' },
    { source: 'repo:acme/common', target: 'maven:org.slf4j:slf4j-api', kind: 'DEPENDS_ON', version: '2.0.13' },
  ],
};

const routeIds = ['chat-message', 'chat-query-get', 'chat-conversations', 'search-code', 'graph-view', 'repositories-list', 'ai-chat', 'ingest-sync'];
let exchanges = Object.fromEntries(routeIds.map((id, i) => [id, { total: 100 + i * 37, failed: i % 3 }]));

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} [body] @param {Record<string,string>} [headers] */
function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** @param {import('node:http').IncomingMessage} req */
async function readJson(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    return null;
  }
}

/** @param {import('node:http').IncomingMessage} req */
function caller(req) {
  const auth = req.headers.authorization ?? '';
  return tokens.get(auth.replace(/^Bearer /, '')) ?? null;
}

/** @type {Map<string, Set<import('ws').WebSocket>>} */
const peers = new Map();
/** @type {Set<import('ws').WebSocket>} */
const repoSubscribers = new Set();

/** @param {string} conversationId @param {string} queryId @param {string} type @param {unknown} data */
function publish(conversationId, queryId, type, data, stored = true) {
  const event = { ...(stored ? { id: ++eventId } : {}), type, conversationId, queryId, timestamp: now(), data };
  if (stored) events.push(event);
  for (const socket of peers.get(conversationId) ?? []) socket.send(JSON.stringify(event));
}

/** @param {string} question */
const answerFor = (question) =>
  [
    '**Offline answer** — composed from the dependency graph.',
    '',
    `You asked: ${question}`,
    '',
    '| repository | express |',
    '| --- | --- |',
    '| acme/billing-api | 4.18.2 |',
    '| acme/web-shop | 4.19.1 |',
    '',
    '```ts',
    "import express from 'express';",
    'const app = express();',
    '```',
  ].join('\n');

/** @param {any} query */
function runQuery(query) {
  const { queryId, conversationId } = query;
  const steps = [
    () => publish(conversationId, queryId, 'agent:spawned', { queryId, agentType: 'planner', attempt: 1, worker: 'mock-1' }),
    () => publish(conversationId, queryId, 'query:progress', { queryId, stage: 'plan', progress: 20, message: 'Planning', intent: 'dependents', tools: ['dependents'] }),
    () => publish(conversationId, queryId, 'query:progress', { queryId, stage: 'retrieve', progress: 60, message: 'Reading the graph' }),
  ];
  let delay = 300;
  for (const s of steps) {
    setTimeout(() => query.status === 'processing' && s(), delay);
    delay += 400;
  }
  const answer = answerFor(query.message);
  const words = answer.split(/(?<=\s)/);
  words.forEach((token, i) => setTimeout(() => query.status === 'processing' && publish(conversationId, queryId, 'query:token', { token }, false), delay + i * 25));
  delay += words.length * 25 + 300;
  setTimeout(() => {
    if (query.status !== 'processing') return;
    const result = {
      answer,
      provider: 'offline',
      model: 'offline-rules',
      degraded: false,
      citations: [{ repository: 'acme/billing-api', path: 'package.json', startLine: 12, endLine: 30, commitSha: '3f9c2ab71d0e4c58b1aa', url: 'https://github.com/acme/billing-api/blob/main/package.json#L12-L30' }],
    };
    Object.assign(query, { status: 'completed', progress: 100, result, completedAt: now(), updatedAt: now() });
    conversations.get(conversationId)?.messages.push({ id: randomUUID(), role: 'assistant', content: answer, agentType: 'planner', metadata: { provider: 'offline', model: 'offline-rules', degraded: false, citations: result.citations, queryId }, createdAt: now() });
    publish(conversationId, queryId, 'query:completed', { status: 'completed', result });
  }, delay);
}

// Repository progress: acme/web-shop keeps indexing in a loop.
let files = 0;
setInterval(() => {
  files = (files + 7) % 140;
  const phase = files < 20 ? 'cloning' : files < 60 ? 'parsing' : files < 100 ? 'chunking' : 'embedding';
  const data = { repositoryId: 'r2', fullName: 'acme/web-shop', phase, filesDone: files, filesTotal: 140, chunksDone: files * 5, chunksTotal: 700, status: 'syncing' };
  const frame = JSON.stringify({ type: 'repository:progress', conversationId: null, queryId: null, timestamp: now(), data });
  for (const socket of repoSubscribers) socket.send(frame);
}, 1000);

/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
async function api(req, res, url) {
  const p = url.pathname;
  const m = req.method ?? 'GET';
  if (m === 'POST' && p === '/api/auth/register') {
    const body = await readJson(req);
    if (!body?.username || !body?.password) return send(res, 400, { error: 'username and password are required' });
    if (users.has(body.username)) return send(res, 409, { error: 'That username is taken' });
    const user = { userId: randomUUID(), username: body.username, role: /** @type {'user'|'admin'} */ (users.size === 0 ? 'admin' : 'user'), password: body.password };
    users.set(user.username, user);
    return send(res, 201, { userId: user.userId, username: user.username, role: user.role });
  }
  if (m === 'POST' && p === '/api/auth/login') {
    const body = await readJson(req);
    const user = users.get(body?.username);
    if (!user || user.password !== body?.password) return send(res, 401, { error: 'Invalid username or password' });
    const token = randomUUID();
    tokens.set(token, user);
    return send(res, 200, { token, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user: { userId: user.userId, username: user.username, role: user.role } });
  }
  const user = caller(req);
  if (!user) return send(res, 401, { error: 'Authentication required' });
  if (m === 'POST' && p === '/api/auth/logout') {
    tokens.delete((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    return send(res, 204);
  }
  if (m === 'GET' && p === '/api/chat/conversations') {
    const list = [...conversations.values()].filter((c) => c.owner === user.userId).map(({ conversationId, title, createdAt, updatedAt }) => ({ conversationId, title, createdAt, updatedAt }));
    return send(res, 200, { conversations: list });
  }
  if (m === 'POST' && p === '/api/chat/conversations') {
    const body = await readJson(req);
    const title = typeof body?.title === 'string' && body.title.trim() ? body.title.trim().slice(0, 200) : 'New conversation';
    const conversation = { conversationId: randomUUID(), title, createdAt: now(), updatedAt: now(), owner: user.userId, messages: [] };
    conversations.set(conversation.conversationId, conversation);
    return send(res, 201, { conversationId: conversation.conversationId, title, createdAt: conversation.createdAt });
  }
  if (m === 'POST' && p === '/api/chat/message') {
    const body = await readJson(req);
    if (!body?.message?.trim()) return send(res, 400, { error: 'message must not be empty' });
    let conversation = body.conversationId ? conversations.get(body.conversationId) : undefined;
    if (body.conversationId && (!conversation || conversation.owner !== user.userId)) return send(res, 404, { error: 'Conversation not found' });
    if (!conversation) {
      conversation = { conversationId: randomUUID(), title: body.message.slice(0, 60), createdAt: now(), updatedAt: now(), owner: user.userId, messages: [] };
      conversations.set(conversation.conversationId, conversation);
    }
    const queryId = `query-${Date.now()}-${Math.random().toString(36).slice(2, 11)}`;
    conversation.messages.push({ id: randomUUID(), role: 'user', content: body.message, metadata: { queryId }, createdAt: now() });
    conversation.updatedAt = now();
    const query = { queryId, conversationId: conversation.conversationId, status: 'processing', progress: 0, message: body.message, createdAt: now(), updatedAt: now() };
    queries.set(queryId, query);
    publish(conversation.conversationId, queryId, 'task:created', { queryId, status: 'processing', message: body.message });
    runQuery(query);
    return send(res, 202, { queryId, conversationId: conversation.conversationId, status: 'processing', message: 'Query accepted; processing' });
  }
  let match = p.match(/^\/api\/chat\/conversations\/([^/]+)\/messages$/);
  if (m === 'GET' && match) {
    const c = conversations.get(decodeURIComponent(match[1]));
    if (!c || c.owner !== user.userId) return send(res, 404, { error: 'Conversation not found' });
    return send(res, 200, { messages: c.messages });
  }
  match = p.match(/^\/api\/chat\/conversation\/([^/]+)$/);
  if (m === 'DELETE' && match) {
    conversations.delete(decodeURIComponent(match[1]));
    return send(res, 204);
  }
  match = p.match(/^\/api\/chat\/query\/([^/]+)(\/cancel)?$/);
  if (match) {
    const q = queries.get(decodeURIComponent(match[1]));
    if (!q) return send(res, 404, { error: 'Query not found' });
    if (m === 'POST' && match[2]) {
      if (q.status !== 'processing') return send(res, 409, { error: 'Query is no longer running' });
      Object.assign(q, { status: 'cancelled', error: 'cancelled by the user', updatedAt: now(), completedAt: now() });
      publish(q.conversationId, q.queryId, 'task:updated', { queryId: q.queryId, status: 'cancelled' });
    }
    const { message: _m, ...view } = q;
    return send(res, 200, view);
  }
  if (m === 'GET' && p === '/api/repositories') return send(res, 200, { repositories });
  if (m === 'POST' && p === '/api/repositories') {
    if (user.role !== 'admin') return send(res, 403, { error: 'Administrators only' });
    const body = await readJson(req);
    if (!/^(https|ssh):\/\//.test(body?.url ?? '')) return send(res, 400, { error: 'The URL must start with https:// or ssh://' });
    const name = body.url.replace(/\.git$/, '').split('/').slice(-2);
    const repo = { id: randomUUID(), url: body.url, fullName: name.join('/'), owner: name[0], name: name[1], branch: body.branch ?? null, status: 'pending', lastIndexedCommit: null, lastSyncedAt: null, syncDurationMs: null, error: null, counts: null };
    repositories.push(repo);
    return send(res, 202, repo);
  }
  match = p.match(/^\/api\/repositories\/([^/]+)(\/sync)?$/);
  if (match && m !== 'GET') {
    if (user.role !== 'admin') return send(res, 403, { error: 'Administrators only' });
    const index = repositories.findIndex((r) => r.id === match?.[1]);
    if (index < 0) return send(res, 404, { error: 'Repository not found' });
    if (m === 'DELETE') return send(res, 200, repositories.splice(index, 1)[0]);
    repositories[index].status = 'syncing';
    return send(res, 202, repositories[index]);
  }
  if (m === 'GET' && p === '/api/search') {
    const q = url.searchParams.get('q') ?? '';
    const repo = url.searchParams.get('repo');
    const results = [
      { repository: 'acme/billing-api', path: 'src/server.ts', startLine: 1, endLine: 4, commitSha: '3f9c2ab71d0e4c58b1aa', language: 'typescript', snippet: "import express from 'express';\nimport { verifyJwt } from './auth/jwt';\nconst app = express();\napp.use(verifyJwt);", score: 0.91 },
      { repository: 'acme/web-shop', path: 'package.json', startLine: 14, endLine: 16, commitSha: '77aa01', language: 'json', snippet: '"dependencies": {\n  "express": "4.19.1",\n  "<b>not html</b>": "1.0.0"', score: 0.74 },
    ].filter((r) => (!repo || r.repository === repo) && r.snippet.toLowerCase().includes(q.toLowerCase().split(' ')[0] ?? ''));
    return send(res, 200, { query: q, results });
  }
  if (m === 'GET' && p === '/api/graph/view') {
    const eco = url.searchParams.get('ecosystem');
    const repo = url.searchParams.get('repo');
    let nodes = graph.nodes.filter((n) => !eco || n.kind === 'repository' || n.ecosystem === eco);
    let edges = graph.edges.filter((e) => nodes.some((n) => n.id === e.source) && nodes.some((n) => n.id === e.target));
    if (repo) {
      edges = edges.filter((e) => e.source === `repo:${repo}`);
      const keep = new Set([`repo:${repo}`, ...edges.map((e) => e.target)]);
      nodes = nodes.filter((n) => keep.has(n.id));
    }
    return send(res, 200, { nodes, edges });
  }
  if (m === 'GET' && p === '/api/graph/stats') return send(res, 200, { repositories: 3, packages: 4, dependsOn: 5, publishes: 1, dependsOnRepo: 1 });
  if (m === 'GET' && p === '/api/graph/dependents') {
    const name = url.searchParams.get('package');
    const dependents = graph.edges.filter((e) => e.kind === 'DEPENDS_ON' && graph.nodes.find((n) => n.id === e.target)?.label === name).map((e) => ({ repository: e.source.replace('repo:', ''), version: e.version ?? null, scope: 'runtime', direct: true, manifest: 'package.json' }));
    return send(res, 200, { package: { ecosystem: url.searchParams.get('ecosystem'), name }, dependents });
  }
  match = p.match(/^\/api\/graph\/repositories\/([^/]+)\/([^/]+)\/dependencies$/);
  if (m === 'GET' && match) {
    const full = `${decodeURIComponent(match[1])}/${decodeURIComponent(match[2])}`;
    const dependencies = graph.edges.filter((e) => e.kind === 'DEPENDS_ON' && e.source === `repo:${full}`).map((e) => {
      const node = graph.nodes.find((n) => n.id === e.target);
      return { ecosystem: node?.ecosystem ?? 'npm', name: node?.label ?? e.target, version: e.version ?? null, scope: 'runtime', direct: true, manifest: 'package.json' };
    });
    return send(res, 200, { repository: full, dependencies });
  }
  if (m === 'GET' && p === '/api/graph/impact') {
    return send(res, 200, { package: { ecosystem: url.searchParams.get('ecosystem'), name: url.searchParams.get('package') }, version: url.searchParams.get('version'), impacted: [
      { repository: 'acme/billing-api', depth: 1, path: ['acme/billing-api'], version: '4.18.2' },
      { repository: 'acme/web-shop', depth: 2, path: ['acme/common', 'acme/web-shop'], version: '4.19.1' },
    ] });
  }
  if (m === 'GET' && p === '/api/ops/routes') {
    if (user.role !== 'admin') return send(res, 403, { error: 'Administrators only' });
    exchanges = Object.fromEntries(Object.entries(exchanges).map(([id, v]) => {
      const add = Math.floor(Math.random() * 12);
      return [id, { total: v.total + add, failed: v.failed + (Math.random() < 0.2 ? 1 : 0) }];
    }));
    const routes = routeIds.map((routeId, i) => ({ routeId, exchangesTotal: exchanges[routeId].total, exchangesFailed: exchanges[routeId].failed, inflight: i % 2, meanMs: 8 + i * 11, maxMs: 120 + i * 90, p95Ms: 20 + i * 35 + Math.random() * 20, ratePerMinute: 2 + Math.random() * 10 + i }));
    return send(res, 200, { routes, generatedAt: now(), grafanaUrl: 'http://localhost:3030/d/devagent' });
  }
  return send(res, 404, { error: 'Not found' });
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  if (url.pathname.startsWith('/api/')) {
    api(req, res, url).catch((error) => send(res, 500, { error: 'Mock server error', details: String(error) }));
    return;
  }
  let file = path.join(dist, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(dist, 'index.html');
  res.writeHead(200, { 'Content-Type': types[/** @type {keyof typeof types} */ (path.extname(file))] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});

const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  if (!req.url?.startsWith('/ws')) return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
});
wss.on('connection', (ws) => {
  ws.on('message', (raw) => {
    let frame;
    try {
      frame = JSON.parse(String(raw));
    } catch {
      return ws.send(JSON.stringify({ type: 'error', data: { error: 'Frames must be JSON' } }));
    }
    if (frame.type === 'ping') return ws.send(JSON.stringify({ type: 'pong' }));
    if (frame.type === 'subscribe') {
      if (!tokens.has(frame.token)) return ws.close(4401, 'bad token');
      repoSubscribers.add(ws);
      return ws.send(JSON.stringify({ type: 'subscribed', topic: frame.topic }));
    }
    if (frame.type === 'leave') return peers.get(frame.conversationId)?.delete(ws);
    if (frame.type === 'join') {
      const user = tokens.get(frame.token);
      if (!user) return ws.close(4401, 'bad token');
      const c = conversations.get(frame.conversationId);
      if (c && c.owner !== user.userId) return ws.close(4403, 'not your conversation');
      ws.send(JSON.stringify({ type: 'joined', conversationId: frame.conversationId }));
      if (typeof frame.afterId === 'number') {
        for (const e of events) if (e.conversationId === frame.conversationId && e.id > frame.afterId) ws.send(JSON.stringify(e));
      }
      if (!peers.has(frame.conversationId)) peers.set(frame.conversationId, new Set());
      peers.get(frame.conversationId)?.add(ws);
    }
  });
  ws.on('close', () => {
    repoSubscribers.delete(ws);
    for (const set of peers.values()) set.delete(ws);
  });
});

server.listen(port, '127.0.0.1', () => console.log(`Mock Developer Agent on http://localhost:${port} (SPA from ${dist})`));

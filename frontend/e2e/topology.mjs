// @ts-check
// The production topology through https (scripts/topology/run.sh check starts it): Debian's Chromium
// (playwright-core) talks to nginx with TLS in front of the SPA and the app, exactly as a user would.
// Checks: HTTP → HTTPS redirect, TLS and the security headers, caching and compression of the SPA,
// deep links served by the SPA fallback, API calls, a chat conversation pushed over the WebSocket
// through the proxy (wss://), and Prometheus scraping the app with the alert rules loaded.
//
//   TOPOLOGY_URL             https://localhost:PORT (the edge proxy)
//   TOPOLOGY_HTTP_URL        http://localhost:PORT  (its plain-HTTP side)
//   TOPOLOGY_PROMETHEUS_URL  http://127.0.0.1:PORT
//   TOPOLOGY_ADMIN           a user name the app makes admin at registration (ADMIN_USERNAMES)
//   TOPOLOGY_EXPECTED_RULES  how many alerting/recording rules the rule files hold (promtool's count)
//   CHROMIUM_PATH            default /usr/bin/chromium

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, request as playwrightRequest } from 'playwright-core';
import { check, stepRunner } from './steps.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const baseUrl = required('TOPOLOGY_URL').replace(/\/$/, '');
const httpUrl = required('TOPOLOGY_HTTP_URL').replace(/\/$/, '');
const prometheusUrl = required('TOPOLOGY_PROMETHEUS_URL').replace(/\/$/, '');
const admin = process.env.TOPOLOGY_ADMIN ?? 'topology-admin';
const expectedRules = Number(process.env.TOPOLOGY_EXPECTED_RULES ?? '0');
const shotsDir = path.resolve(process.env.E2E_SCREENSHOTS ?? path.join(here, '..', '..', 'target', 'topology-screenshots'));
mkdirSync(shotsDir, { recursive: true });

/** @param {string} name */
function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run scripts/topology/run.sh check)`);
  return value;
}


const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
});
// The certificate is self-signed for localhost: accepted for this test only, everything else is real TLS.
const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
const api = await playwrightRequest.newContext({ ignoreHTTPSErrors: true });

/** @type {{ url: string, received: string[] }[]} */
const sockets = [];
page.on('websocket', (socket) => {
  const entry = { url: socket.url(), received: /** @type {string[]} */ ([]) };
  sockets.push(entry);
  socket.on('framereceived', (frame) => entry.received.push(String(frame.payload)));
});
/** @type {string[]} */
const pageErrors = [];
page.on('pageerror', (error) => pageErrors.push(error.message));
page.setDefaultTimeout(20_000);

const { step, results } = stepRunner((name) =>
  page.screenshot({ path: path.join(shotsDir, `${name}.png`) }).catch(() => {}),
);

/** @param {Record<string, string>} headers */
function securityHeaderProblems(headers) {
  const problems = [];
  if (!/max-age=\d{7,}/.test(headers['strict-transport-security'] ?? '')) problems.push('HSTS');
  if (!/default-src 'self'/.test(headers['content-security-policy'] ?? '')) problems.push('CSP');
  if ((headers['x-frame-options'] ?? '').toUpperCase() !== 'DENY') problems.push('X-Frame-Options');
  if (headers['x-content-type-options'] !== 'nosniff') problems.push('X-Content-Type-Options');
  if (!headers['referrer-policy']) problems.push('Referrer-Policy');
  if (headers.server && /\d/.test(headers.server)) problems.push(`Server reveals a version (${headers.server})`);
  return problems;
}

console.log(`Production topology through ${baseUrl}`);
try {
  await step('plain HTTP redirects to HTTPS', async () => {
    const response = await api.get(`${httpUrl}/repositories?tab=all`, { maxRedirects: 0 });
    check(response.status() === 301, `HTTP ${response.status()} instead of 301`);
    const location = response.headers().location ?? '';
    check(location === `${baseUrl}/repositories?tab=all`, `redirects to ${location || 'nowhere'}`);
    return location;
  });

  let assetPath = '';
  await step('index over TLS with the security headers, not cached', async () => {
    const response = await api.get(`${baseUrl}/`);
    check(response.status() === 200, `HTTP ${response.status()}`);
    const headers = response.headers();
    const problems = securityHeaderProblems(headers);
    check(problems.length === 0, `missing or wrong: ${problems.join(', ')}`);
    check(/no-cache/.test(headers['cache-control'] ?? ''), `index.html Cache-Control is "${headers['cache-control']}"`);
    const html = await response.text();
    assetPath = html.match(/\/assets\/[^"']+\.js/)?.[0] ?? '';
    check(assetPath !== '', 'index.html names no hashed bundle');
    return `CSP ${headers['content-security-policy'].slice(0, 40)}…`;
  });

  await step('hashed assets: immutable and gzip', async () => {
    const response = await api.get(`${baseUrl}${assetPath}`, { headers: { 'Accept-Encoding': 'gzip' } });
    check(response.status() === 200, `HTTP ${response.status()} for ${assetPath}`);
    const headers = response.headers();
    check(/immutable/.test(headers['cache-control'] ?? ''), `Cache-Control is "${headers['cache-control']}"`);
    check(headers['content-encoding'] === 'gzip', `Content-Encoding is "${headers['content-encoding'] ?? 'none'}"`);
    check(securityHeaderProblems(headers).length === 0, 'assets lack the security headers');
    return assetPath;
  });

  await step('API through the proxy: JSON errors, headers, no upstream leaks', async () => {
    const config = await api.get(`${baseUrl}/api/client-config`);
    check(config.status() === 200, `client-config HTTP ${config.status()}`);
    const unauthorized = await api.get(`${baseUrl}/api/chat/conversations`);
    check(unauthorized.status() === 401, `conversations without a token: HTTP ${unauthorized.status()}`);
    const body = await unauthorized.json();
    check(typeof body.error === 'string', 'the 401 has no {error}');
    check(securityHeaderProblems(unauthorized.headers()).length === 0, 'API responses lack the security headers');
    check(!unauthorized.headers()['x-application-context'], 'the app leaks its context header');
    const requestId = unauthorized.headers()['x-request-id'];
    return requestId ? `X-Request-Id ${requestId.slice(0, 8)}…` : 'no X-Request-Id';
  });

  await step('SPA deep link is served by the fallback and routes to sign-in', async () => {
    const response = await page.goto(`${baseUrl}/repositories`);
    check(response?.status() === 200, `HTTP ${response?.status()}`);
    check(page.url().startsWith('https://'), `not on https: ${page.url()}`);
    await page.getByRole('button', { name: /sign in/i }).first().waitFor();
    return page.url().replace(baseUrl, '');
  });

  const password = `topology-${Math.random().toString(36).slice(2)}-pw`;
  await step('sign up through the proxy (admin by ADMIN_USERNAMES)', async () => {
    await page.goto(`${baseUrl}/signup`);
    await page.getByLabel('Username').fill(admin);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Repeat password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'New chat', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Operations', exact: true }).waitFor();
  });

  await step('WebSocket through the proxy: a conversation streams its answer', async () => {
    await page.locator('.topbar .live-indicator', { hasText: 'Live' }).waitFor({ timeout: 30_000 });
    const socket = sockets.find((s) => s.url.endsWith('/ws'));
    check(socket !== undefined, 'no WebSocket opened');
    const expected = `${baseUrl.replace(/^https:/, 'wss:')}/ws`;
    check(socket?.url === expected, `WebSocket at ${socket?.url}, expected ${expected}`);
    const question = 'Which repositories are indexed, and what do they depend on?';
    await page.getByLabel('Ask about your repositories').fill(question);
    await page.getByLabel('Ask about your repositories').press('Enter');
    await page.locator('article[aria-label="Answer"]').first().waitFor({ timeout: 90_000 });
    const frames = (socket?.received ?? []).map((raw) => JSON.parse(raw));
    const types = new Set(frames.map((f) => f.type));
    for (const type of ['joined', 'query:progress', 'query:token', 'query:completed']) {
      check(types.has(type), `no ${type} frame came through the proxy (saw ${[...types].join(', ')})`);
    }
    const answer = await page.locator('article[aria-label="Answer"]').first().innerText();
    check(answer.trim().length > 0, 'the answer is empty');
    return `${frames.length} frames: ${[...types].join(', ')}`;
  });

  await step('operations page reads the per-route metrics (admin API)', async () => {
    await page.getByRole('link', { name: 'Operations', exact: true }).click();
    await page.locator('table tbody tr', { hasText: 'chat-message' }).first().waitFor({ timeout: 30_000 });
    const rows = await page.locator('table tbody tr').count();
    check(rows > 10, `only ${rows} routes listed`);
    return `${rows} routes`;
  });

  await step('Prometheus scrapes the app', async () => {
    const deadline = Date.now() + 60_000;
    let last = 'no answer';
    while (Date.now() < deadline) {
      const response = await api.get(`${prometheusUrl}/api/v1/targets?state=active`).catch(() => null);
      if (response?.ok()) {
        const targets = (await response.json()).data.activeTargets.filter(
          (/** @type {any} */ t) => t.labels.job === 'developer-agent',
        );
        last = targets.map((/** @type {any} */ t) => `${t.scrapeUrl} ${t.health} ${t.lastError}`).join('; ') || 'no target';
        if (targets.length === 1 && targets[0].health === 'up') {
          // Prometheus marks the target up before it appends that scrape's up sample: until then the
          // query still sees the previous scrape (0 if it ran before the app answered)
          const up = await api.get(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent('up{job="developer-agent"}')}`);
          const value = (await up.json()).data.result[0]?.value?.[1];
          if (value === '1') {
            return targets[0].scrapeUrl;
          }
          last = `target up, but up{job="developer-agent"} is ${value}`;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new Error(`the developer-agent target is not up: ${last}`);
  });

  await step('Prometheus has the alert rules loaded and evaluates them', async () => {
    const deadline = Date.now() + 60_000;
    let note = '';
    while (Date.now() < deadline) {
      const response = await api.get(`${prometheusUrl}/api/v1/rules`);
      const groups = (await response.json()).data.groups;
      const rules = groups.flatMap((/** @type {any} */ g) => g.rules);
      const broken = rules.filter((/** @type {any} */ r) => r.health === 'err');
      check(broken.length === 0, `rules in error: ${broken.map((/** @type {any} */ r) => `${r.name}: ${r.lastError}`).join('; ')}`);
      check(rules.length > 0, 'no rules loaded');
      if (expectedRules) check(rules.length === expectedRules, `${rules.length} rules loaded, the files hold ${expectedRules}`);
      note = `${groups.length} groups, ${rules.length} rules`;
      if (rules.every((/** @type {any} */ r) => r.health === 'ok')) return `${note}, all evaluated`;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new Error(`${note}: not every rule was evaluated within 60 s`);
  });

  await step('no uncaught page errors', async () => {
    check(pageErrors.length === 0, pageErrors.join(' | '));
  });
} finally {
  await api.dispose();
  await browser.close();
}

const failed = results.filter((r) => !r.ok);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);

// @ts-check
// End-to-end walk through the running product with Debian's Chromium (playwright-core, no
// downloaded browsers): sign up → chat (streamed + completed answer, activity cards, XSS probe) →
// repositories → graph → search → operations → phone layout. Screenshots go to
// ../target/e2e-screenshots/. Exits non-zero when a check fails.
//
//   E2E_BASE_URL   the app (default http://localhost:3000)
//   E2E_USERNAME / E2E_PASSWORD   sign in with this account instead of signing up
//   E2E_SCREENSHOTS   where to write screenshots
//   CHROMIUM_PATH  default /usr/bin/chromium
//   E2E_REPO_URL   (admin) add this repository through the page and wait until it is indexed
//   E2E_EXPECT_PACKAGE / E2E_SEARCH / E2E_EXPECT_PATH   what the graph and search pages must show
//   E2E_STRICT=1   the answer must stream and carry a citation; the operations page must list chat-message

import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { check, stepRunner } from './steps.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const baseUrl = (process.env.E2E_BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const shotsDir = path.resolve(process.env.E2E_SCREENSHOTS ?? path.join(here, '..', '..', 'target', 'e2e-screenshots'));
const answerTimeout = Number(process.env.E2E_ANSWER_TIMEOUT_MS ?? 120_000);
const strict = process.env.E2E_STRICT === '1';
const repoUrl = process.env.E2E_REPO_URL;
const expectPackage = process.env.E2E_EXPECT_PACKAGE;
const searchFor = process.env.E2E_SEARCH ?? 'express';
const expectPath = process.env.E2E_EXPECT_PATH;
mkdirSync(shotsDir, { recursive: true });
// Screenshots of an earlier run would mix with this one's.
for (const file of readdirSync(shotsDir)) if (file.endsWith('.png')) rmSync(path.join(shotsDir, file));

let shotCount = 0;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
// streamed tokens as the browser receives them (a fast answer may render its final text in the same frame)
let tokenFrames = 0;
page.on('websocket', (socket) => {
  socket.on('framereceived', (frame) => {
    if (String(frame.payload).includes('"query:token"')) tokenFrames += 1;
  });
});
page.setDefaultTimeout(15_000);

/** @type {string[]} */
const pageErrors = [];
let dialogSeen = false;
page.on('pageerror', (error) => pageErrors.push(error.message));
page.on('dialog', async (dialog) => {
  dialogSeen = true;
  await dialog.dismiss();
});

/** @param {string} name @param {import('playwright-core').Page} [target] */
async function shot(name, target = page) {
  shotCount += 1;
  const file = path.join(shotsDir, `${String(shotCount).padStart(2, '0')}-${name}.png`);
  await target.screenshot({ path: file, fullPage: false }).catch(() => {});
  return file;
}

const { step, results } = stepRunner((name) => shot(name));

const composer = () => page.getByLabel('Ask about your repositories');
const answers = () => page.locator('article[aria-label="Answer"]');

/**
 * Sends a question and waits for its answer; tells whether tokens were seen streaming.
 * @param {string} question
 */
async function ask(question) {
  const before = await answers().count();
  const tokensBefore = tokenFrames;
  // fast answers stream in a burst between two polls: let the page itself note the streamed element
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__sawStream = false;
    w.__streamObserver?.disconnect();
    w.__streamObserver = new MutationObserver(() => {
      if (document.querySelector('[data-testid="streamed-answer"]')) w.__sawStream = true;
    });
    w.__streamObserver.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await composer().fill(question);
  await composer().press('Enter');
  await page.getByText(question.slice(0, 40), { exact: false }).first().waitFor();
  const streamed = page.locator('[data-testid="streamed-answer"]');
  const inProgress = page.locator('article[aria-label="Answer in progress"]');
  let sawStream = false;
  let sawProgress = false;
  // noted when seen: the list re-renders as the streamed answer becomes the stored one, and a second count
  // taken during that render can miss it
  let answered = false;
  const deadline = Date.now() + answerTimeout;
  while (Date.now() < deadline) {
    if (!sawStream && (await streamed.count()) > 0) sawStream = true;
    if (!sawProgress && (await inProgress.count()) > 0) sawProgress = true;
    if ((await answers().count()) > before) {
      answered = true;
      break;
    }
    const failed = page.getByText('The answer failed:', { exact: false });
    if ((await failed.count()) > 0) throw new Error(`the answer failed: ${await failed.first().innerText()}`);
    await page.waitForTimeout(150);
  }
  check(answered, `no answer within ${answerTimeout / 1000} s`);
  sawStream ||= await page.evaluate(() => /** @type {any} */ (window).__sawStream === true);
  sawStream ||= tokenFrames > tokensBefore;
  return { sawStream, sawProgress };
}

const username = process.env.E2E_USERNAME ?? `e2e-${Date.now().toString(36)}`;
const password = process.env.E2E_PASSWORD ?? `e2e-password-${Math.random().toString(36).slice(2)}`;
let isAdmin = false;

console.log(`E2E against ${baseUrl} (screenshots in ${shotsDir})`);
try {
  await step(
    process.env.E2E_USERNAME ? 'sign in' : 'sign up',
    async () => {
      if (process.env.E2E_USERNAME) {
        await page.goto(`${baseUrl}/signin`);
        await page.getByLabel('Username').fill(username);
        await page.getByLabel('Password').fill(password);
        await shot('sign-in');
        await page.getByRole('button', { name: 'Sign in' }).click();
      } else {
        await page.goto(`${baseUrl}/signup`);
        await page.getByLabel('Username').fill(username);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await page.getByLabel('Repeat password').fill(password);
        await shot('sign-up');
        await page.getByRole('button', { name: 'Create account' }).click();
      }
      await page.getByRole('heading', { name: 'New chat', level: 1 }).waitFor({ timeout: 20_000 });
      isAdmin = (await page.getByRole('link', { name: 'Operations', exact: true }).count()) > 0;
      return `${username}${isAdmin ? ' (admin)' : ''}`;
    },
    { critical: true },
  );

  await step('live connection', async () => {
    await page.locator('.topbar .live-indicator', { hasText: 'Live' }).waitFor({ timeout: 20_000 });
  });

  await step('chat: streamed and completed answer', async () => {
    const { sawStream, sawProgress } = await ask(
      process.env.E2E_QUESTION ?? 'Which services depend on express, and at which versions?',
    );
    await shot('chat-answer');
    const answer = answers().last();
    check((await answer.innerText()).trim().length > 0, 'the answer is empty');
    check(await composer().isEnabled(), 'the input is still locked after the answer');
    const badges = await answer.locator('.badge').allInnerTexts();
    if (strict) {
      check(sawStream, 'no streamed tokens were shown');
      check((await answer.locator('button.citation').count()) > 0, 'the answer has no citation');
    }
    return [
      sawStream ? 'tokens streamed' : 'no streamed tokens seen',
      sawProgress ? 'progress shown' : 'no progress seen',
      badges.length ? `badges: ${badges.join(', ')}` : 'no badges',
    ].join('; ');
  });

  await step('activity cards', async () => {
    const panel = page.getByRole('region', { name: 'Agent activity' });
    const cards = panel.locator('li.activity-card');
    await cards.first().waitFor();
    const count = await cards.count();
    check(count >= 1, 'no activity cards');
    const statuses = await panel.locator('li.activity-card .badge').allInnerTexts();
    await shot('activity');
    return `${count} cards (${statuses.join(', ')})`;
  });

  await step('citations open a source panel', async () => {
    const citation = answers().last().locator('button.citation').first();
    if ((await citation.count()) === 0) return 'answer had no citations (nothing indexed?)';
    await citation.click();
    const panel = page.getByRole('complementary', { name: 'Source' });
    await panel.waitFor();
    check((await panel.getByRole('link', { name: 'Search for this file' }).count()) === 1, 'no search link');
    await shot('citation');
    await panel.getByRole('button', { name: 'Close source panel' }).click();
  });

  await step('XSS: markup in messages stays inert', async () => {
    const probe = `XSS probe <script>window.__xss='script'</script> <img src=x onerror="window.__xss='img'"> **bold**`;
    await ask(probe);
    await page.waitForTimeout(500);
    const injected = await page.evaluate(() => /** @type {any} */ (window).__xss);
    check(injected === undefined, `script ran: window.__xss = ${injected}`);
    check(!dialogSeen, 'a dialog was opened');
    check((await page.locator('.message-list script').count()) === 0, 'a <script> element is in the messages');
    check((await page.locator('.message-list img').count()) === 0, 'an <img> element is in the messages');
    check((await page.getByText('<script>', { exact: false }).count()) > 0, 'the markup is not shown as text');
    await shot('xss-inert');
  });

  await step('repositories page', async () => {
    await page.getByRole('link', { name: 'Repositories', exact: true }).click();
    await page.getByRole('heading', { name: 'Repositories', level: 1 }).waitFor();
    await Promise.race([
      page.getByRole('table').waitFor(),
      page.getByText('No repositories yet.', { exact: false }).waitFor(),
    ]);
    const form = (await page.getByRole('form', { name: 'Add a repository' }).count()) > 0;
    check(form === isAdmin, `add form ${form ? 'shown' : 'hidden'} for ${isAdmin ? 'an admin' : 'a user'}`);
    if (repoUrl && isAdmin) {
      // indexing a small repository can finish between two polls: the page notes any progress bar itself
      await page.evaluate(() => {
        const w = /** @type {any} */ (window);
        w.__sawProgress = false;
        w.__progressObserver = new MutationObserver(() => {
          if (document.querySelector('table [role="progressbar"]')) w.__sawProgress = true;
        });
        w.__progressObserver.observe(document.body, { childList: true, subtree: true });
      });
      await page.getByLabel('Repository URL').fill(repoUrl);
      await page.getByRole('button', { name: 'Add and index' }).click();
      const name = repoUrl.replace(/\/+$/, '').split('/').slice(-2).join('/').replace(/\.git$/, '');
      const row = page.locator('table tbody tr', { hasText: name });
      await row.waitFor({ timeout: 30_000 });
      let sawProgress = false;
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        if (!sawProgress && (await row.getByRole('progressbar').count()) > 0) sawProgress = true;
        if ((await row.locator('.badge', { hasText: /^indexed$/ }).count()) > 0) break;
        await page.waitForTimeout(150);
      }
      check((await row.locator('.badge', { hasText: /^indexed$/ }).count()) > 0, `${name} was not indexed in time`);
      sawProgress ||= await page.evaluate(() => /** @type {any} */ (window).__sawProgress === true);
      if (strict) check(sawProgress, 'no live progress bar was shown while indexing');
    }
    const rows = Math.max(0, (await page.locator('table tbody tr').count()));
    await shot('repositories');
    return `${rows} repositories${form ? ', add form shown' : ''}`;
  });

  await step('graph page', async () => {
    await page.getByRole('link', { name: 'Graph', exact: true }).click();
    await page.getByRole('heading', { name: 'Dependency graph', level: 1 }).waitFor();
    await Promise.race([
      page.locator('.graph-canvas canvas').first().waitFor({ timeout: 20_000 }),
      page.locator('.empty-graph').waitFor({ timeout: 20_000 }),
    ]);
    const nodes = await page.getByLabel('Go to node').locator('option').count();
    if (expectPackage) {
      const labels = await page.getByLabel('Go to node').locator('option').allInnerTexts();
      check(labels.some((l) => l.includes(expectPackage)), `the graph has no ${expectPackage} node`);
    }
    if (nodes > 1) {
      await page.getByLabel('Go to node').selectOption({ index: 1 });
      await page.locator('.graph-panel').waitFor();
    }
    await page.waitForTimeout(400);
    await shot('graph');
    return nodes > 1 ? `${nodes - 1} nodes, details panel opened` : 'graph is empty';
  });

  await step('search page', async () => {
    await page.getByRole('link', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: 'Code search', level: 1 }).waitFor();
    await page.getByLabel('Search for').fill(searchFor);
    await page.getByLabel('Search for').press('Enter');
    await Promise.race([
      page.getByRole('list', { name: 'Search results' }).waitFor(),
      page.getByText('No code matches', { exact: false }).waitFor(),
    ]);
    const hits = await page.locator('.results > li').count();
    if (expectPath) {
      const text = await page.locator('.results').innerText();
      check(text.includes(expectPath), `no result in ${expectPath}`);
    }
    await shot('search');
    return `${hits} results`;
  });

  await step('operations page', async () => {
    if (!isAdmin) {
      await page.goto(`${baseUrl}/ops`);
      await page.getByRole('heading', { name: 'Administrators only' }).waitFor();
      await shot('operations-denied');
      return 'not an admin: access refused as expected';
    }
    await page.getByRole('link', { name: 'Operations', exact: true }).click();
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    await page.getByRole('table').waitFor({ timeout: 20_000 });
    const routes = await page.locator('table tbody tr').count();
    if (strict) {
      check((await page.locator('table tbody tr', { hasText: 'chat-message' }).count()) > 0,
        'the intake route chat-message is not listed');
    }
    await page.waitForTimeout(5500); // a second sample so the charts have a line
    await shot('operations');
    return `${routes} routes`;
  });

  await step('phone layout', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await context.storageState(), isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    await small.goto(`${baseUrl}/chat`);
    await small.getByLabel('Ask about your repositories').waitFor();
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await shot('phone-chat', small);
    await small.getByRole('button', { name: 'Menu' }).click();
    await shot('phone-menu', small);
    await phone.close();
    check(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
  });

  await step('sign out', async () => {
    await page.goto(`${baseUrl}/chat`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  await step('no uncaught page errors', async () => {
    check(pageErrors.length === 0, pageErrors.join(' | '));
  });
} catch (error) {
  console.log(error instanceof Error ? error.message : String(error));
} finally {
  await browser.close();
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`\nScreenshots: ${shotsDir}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

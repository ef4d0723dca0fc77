// Goes through oidc-provider's real login and consent pages in headless Debian Chromium, driven by
// playwright-core, until the browser lands on mcp-oauth's loopback callback page.
//
//   node browser.js '{"url": "<authorization URL>", "redirectPrefix": "http://127.0.0.1:PORT/",
//                     "screenshots": "<dir>", "name": "cimd"}'
//
// Saves <name>-login.png, <name>-consent.png and <name>-callback.png in the screenshots folder and
// prints one JSON line: {"ok": true, "callbackTitle": ..., "consentText": ...} (or ok false with an
// error). The final URL carries the authorization code, so only its origin and path are printed.
//
// Every request that is not to a loopback address is aborted: the machine has no network, and the
// provider's development pages import a web font.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';

const options = JSON.parse(process.argv[2]);
const executablePath = options.executablePath ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
const STEP_TIMEOUT_MS = 15000;

function isLoopback(url) {
  try {
    const { hostname } = new URL(url);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

function withoutQuery(url) {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

const userDataDir = mkdtempSync(join(tmpdir(), 'mcp-oauth-e2e-chromium-'));
let context;
const result = { ok: false };
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 900, height: 700 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const shot = (step) => page.screenshot({ path: join(options.screenshots, `${options.name}-${step}.png`), fullPage: true });

  await page.goto(options.url);
  const login = page.locator('input[name="login"]');
  if (await login.count() > 0) {
    await login.fill('e2e-user');
    await page.locator('input[name="password"]').fill('e2e-password');
    await shot('login');
    await Promise.all([page.waitForLoadState('load'), page.locator('button[type="submit"]').click()]);
  }
  await page.locator('button:has-text("Continue")').waitFor();
  // The development pages keep the request's parameters (client_id among them) in a collapsed
  // DEBUG section: open it, so the consent screenshot shows which client asks.
  const debug = page.locator('details summary');
  if (await debug.count() > 0) await debug.first().click();
  result.consentText = (await page.locator('body').innerText()).replace(/\s+/g, ' ').trim();
  await shot('consent');
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(options.redirectPrefix)),
    page.locator('button:has-text("Continue")').click(),
  ]);
  await page.waitForLoadState('load');
  result.callbackUrl = withoutQuery(page.url());
  result.callbackTitle = (await page.locator('#title').innerText()).trim();
  await shot('callback');
  result.ok = true;
} catch (error) {
  result.error = String(error?.message ?? error).split('\n')[0];
} finally {
  await context?.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exitCode = result.ok ? 0 : 1;

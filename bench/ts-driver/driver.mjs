#!/usr/bin/env node
// Benchmark driver for the TypeScript MCP SDK's client OAuth (@modelcontextprotocol/sdk), used the way
// an MCP host uses it: a StreamableHTTPClientTransport with an in-memory OAuthClientProvider, the host's
// own loopback callback server, and a headless "browser" that follows the authorization URL's redirects
// to that callback, then transport.finishAuth(code). It runs against the mcp-oauth testkit started with
// `TestServersMain --control` and reads what the servers received from the testkit's control API, so
// the figures are comparable with bench/jmh's LoginBench (same servers, same run). See docs/performance.md.
//
// Usage: node driver.mjs <mode> --mcp URL --control URL [--runs N] [--warmup N] [--requests N] [--no-discovery-state]
//   noop     import the SDK and exit (start-up time, measured by the caller)
//   login    N cold logins, each with a fresh provider and a fresh callback server
//   warm     one login, then N more through the same provider (client information and discovery state
//            kept; tokens dropped before each login) and the same callback server
//   refresh  log in, connect a Client, expire the access tokens at the server, then N concurrent
//            tools/list requests; counts the refresh requests the token endpoint received
// --no-discovery-state: the provider does not implement discoveryState()/saveDiscoveryState() (the
//   SDK then discovers again inside finishAuth, and a warm login discovers from scratch)
// Prints one JSON object on standard output. Node 20 or newer.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const MODES = ['noop', 'login', 'warm', 'refresh'];
const USAGE = 'usage: node driver.mjs noop|login|warm|refresh --mcp URL --control URL [--runs N] [--warmup N]'
  + ' [--requests N] [--no-discovery-state]';
/** Redirects the headless browser follows at most, as the testkit's HeadlessBrowser. */
const MAX_HOPS = 10;
/** How long one login may take before the driver gives up. */
const LOGIN_TIMEOUT_MS = 30_000;

function fail(message) {
  process.stderr.write(`ts-driver: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const [mode, ...rest] = argv;
  if (!MODES.includes(mode)) fail(`unknown mode ${mode ?? '(none)'}`);
  const opts = { mode, runs: 15, warmup: 3, requests: 1000, discoveryState: true };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = () => {
      if (i + 1 >= rest.length) fail(`${flag} needs a value`);
      return rest[++i];
    };
    const count = () => {
      const v = value();
      if (!/^\d+$/.test(v)) fail(`${flag} needs a whole number: ${v}`);
      return Number(v);
    };
    switch (flag) {
      case '--mcp': opts.mcp = value(); break;
      case '--control': opts.control = value(); break;
      case '--runs': opts.runs = count(); break;
      case '--warmup': opts.warmup = count(); break;
      case '--requests': opts.requests = count(); break;
      case '--no-discovery-state': opts.discoveryState = false; break;
      default: fail(`unknown option ${flag}`);
    }
  }
  if (mode !== 'noop' && (!opts.mcp || !opts.control)) fail('--mcp and --control are required');
  return opts;
}

// ---- the testkit's control API -------------------------------------------------------------------

async function control(opts, method, pathAndQuery) {
  const response = await fetch(opts.control + pathAndQuery, { method });
  const body = await response.json();
  if (!response.ok) throw new Error(`control ${pathAndQuery}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

const mark = async opts => (await control(opts, 'GET', '/mark')).mark;

// ---- the host's pieces: provider, callback server, headless browser ----------------------------

/**
 * An in-memory OAuthClientProvider, as a host keeps one per server. It keeps client information
 * (the DCR result) and, when enabled, the discovery state (protected resource metadata and
 * authorization server metadata) that this SDK version lets a provider cache.
 */
class MemoryProvider {
  constructor(redirectUrl, { discoveryState }) {
    this._redirectUrl = redirectUrl;
    this._cacheDiscovery = discoveryState;
    this._clientInformation = undefined;
    this._tokens = undefined;
    this._codeVerifier = undefined;
    this._discovery = undefined;
    this._state = undefined;
    this.onRedirect = () => {};
  }
  get redirectUrl() { return this._redirectUrl; }
  get clientMetadata() {
    return {
      client_name: 'mcp-oauth bench (TypeScript SDK)',
      redirect_uris: [this._redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none'
    };
  }
  state() {
    this._state = randomBytes(16).toString('base64url');
    return this._state;
  }
  expectedState() { return this._state; }
  clientInformation() { return this._clientInformation; }
  saveClientInformation(info) { this._clientInformation = info; }
  tokens() { return this._tokens; }
  saveTokens(tokens) { this._tokens = tokens; }
  redirectToAuthorization(url) { this.onRedirect(url); }
  saveCodeVerifier(verifier) { this._codeVerifier = verifier; }
  codeVerifier() {
    if (!this._codeVerifier) throw new Error('no code verifier saved');
    return this._codeVerifier;
  }
  invalidateCredentials(scope) {
    if (scope === 'all' || scope === 'client') this._clientInformation = undefined;
    if (scope === 'all' || scope === 'tokens') this._tokens = undefined;
    if (scope === 'all' || scope === 'verifier') this._codeVerifier = undefined;
    if (scope === 'all' || scope === 'discovery') this._discovery = undefined;
  }
  discoveryState() { return this._cacheDiscovery ? this._discovery : undefined; }
  saveDiscoveryState(state) { if (this._cacheDiscovery) this._discovery = state; }
}

/** The host's loopback callback server: answers GET /callback and hands the code to the waiting login. */
async function startCallbackServer() {
  let waiting = null;
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback' || !waiting) {
      res.writeHead(404).end();
      return;
    }
    const { resolve, reject } = waiting;
    waiting = null;
    const error = url.searchParams.get('error');
    res.writeHead(error ? 400 : 200, { 'content-type': 'text/plain' }).end(error ? 'Login failed.' : 'Logged in.');
    if (error) reject(new Error(`authorization error ${error}`));
    else resolve({ code: url.searchParams.get('code'), state: url.searchParams.get('state') });
  });
  server.keepAliveTimeout = 1;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    redirectUrl: `http://127.0.0.1:${server.address().port}/callback`,
    next() { return new Promise((resolve, reject) => { waiting = { resolve, reject }; }); },
    close() { return new Promise(resolve => { server.closeAllConnections?.(); server.close(() => resolve()); }); }
  };
}

/** GET the URL and follow each Location, across origins, until a page answers (as HeadlessBrowser.follow). */
async function follow(start) {
  let current = new URL(start);
  for (let i = 0; i < MAX_HOPS; i++) {
    const response = await fetch(current, { redirect: 'manual' });
    await response.arrayBuffer();
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      current = new URL(location, current);
      continue;
    }
    return response.status;
  }
  throw new Error(`more than ${MAX_HOPS} redirects starting at ${start}`);
}

// ---- one login ----------------------------------------------------------------------------------

function withTimeout(promise, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${LOGIN_TIMEOUT_MS} ms`)), LOGIN_TIMEOUT_MS);
  })]).finally(() => clearTimeout(timer));
}

/**
 * One headless login as a host runs it: connect (the server answers 401, the SDK discovers, registers
 * if needed and hands the authorization URL to the provider), let the "browser" approve, check the
 * state, and finishAuth(code). Returns milliseconds to the authorization URL and to saved tokens.
 */
async function login(opts, provider, callback, started) {
  let authorizationUrl = null;
  let urlAt = 0;
  provider.onRedirect = url => { authorizationUrl = url; urlAt = performance.now(); };
  const transport = new StreamableHTTPClientTransport(new URL(opts.mcp), { authProvider: provider });
  const client = new Client({ name: 'mcp-oauth-bench-ts', version: '0.1.0' });
  try {
    await client.connect(transport);
    throw new Error('the server accepted the connection without a login');
  } catch (e) {
    if (!(e instanceof UnauthorizedError) || !authorizationUrl) throw e;
  }
  const callbackHit = callback.next();
  const status = await follow(authorizationUrl);
  if (status !== 200) throw new Error(`the headless browser ended on HTTP ${status}`);
  const { code, state } = await callbackHit;
  if (state !== provider.expectedState()) throw new Error('state mismatch on the callback');
  await transport.finishAuth(code);
  const done = performance.now();
  await transport.close();
  if (!provider.tokens()?.access_token) throw new Error('no access token saved');
  return { ms: done - started, toUrlMs: urlAt - started };
}

async function measuredLogin(opts, newSession) {
  const since = await mark(opts);
  const started = performance.now();
  const session = await newSession();
  const timing = await withTimeout(login(opts, session.provider, session.callback, started), 'a login');
  const trips = await control(opts, 'GET', `/round-trips?since=${since}`);
  const requests = await control(opts, 'GET', `/requests?since=${since}`);
  return {
    ...timing,
    roundTrips: trips.roundTrips,
    waves: trips.waves,
    allWaves: trips.allWaves,
    gapsMs: trips.allGapsMicros.map(us => us / 1000),
    requests: requests.map(r => `${r.method} ${r.path}`),
    session
  };
}

// ---- modes --------------------------------------------------------------------------------------

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
const round1 = x => Math.round(x * 10) / 10;
/** Per position, the median of the client's time between two waves, over the samples with the most waves. */
function medianGaps(samples) {
  const n = Math.max(...samples.map(s => s.gapsMs.length));
  const full = samples.filter(s => s.gapsMs.length === n);
  return Array.from({ length: n }, (_, i) => round1(median(full.map(s => s.gapsMs[i]))));
}

function summary(mode, opts, samples) {
  const last = samples[samples.length - 1];
  return {
    client: 'typescript-sdk',
    mode,
    runs: samples.length,
    warmup: opts.warmup,
    medianMs: round1(median(samples.map(s => s.ms))),
    minMs: round1(Math.min(...samples.map(s => s.ms))),
    maxMs: round1(Math.max(...samples.map(s => s.ms))),
    medianToUrlMs: round1(median(samples.map(s => s.toUrlMs))),
    roundTripsBeforeUrl: median(samples.map(s => s.roundTrips)),
    wavesBeforeUrl: last.waves,
    allWaves: last.allWaves,
    medianGapsMs: medianGaps(samples),
    requestsPerLogin: last.requests,
    discoveryState: opts.discoveryState
  };
}

async function cold(opts) {
  const samples = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    let session;
    const result = await measuredLogin(opts, async () => {
      const callback = await startCallbackServer();
      session = { callback, provider: new MemoryProvider(callback.redirectUrl, opts) };
      return session;
    });
    await session.callback.close();
    if (i >= opts.warmup) samples.push(result);
  }
  return summary('cold', opts, samples);
}

async function warm(opts) {
  const callback = await startCallbackServer();
  const provider = new MemoryProvider(callback.redirectUrl, opts);
  const session = { callback, provider };
  const samples = [];
  try {
    for (let i = 0; i < 1 + opts.warmup + opts.runs; i++) {
      provider.invalidateCredentials('tokens'); // a new login, not a refresh
      const result = await measuredLogin(opts, async () => session);
      if (i > opts.warmup) samples.push(result);
    }
  } finally {
    await callback.close();
  }
  return summary('warm', opts, samples);
}

async function refresh(opts) {
  const callback = await startCallbackServer();
  const provider = new MemoryProvider(callback.redirectUrl, opts);
  try {
    await withTimeout(login(opts, provider, callback, performance.now()), 'the login');
  } finally {
    await callback.close();
  }
  const transport = new StreamableHTTPClientTransport(new URL(opts.mcp), { authProvider: provider });
  const client = new Client({ name: 'mcp-oauth-bench-ts', version: '0.1.0' });
  await client.connect(transport);
  // Each in-flight fetch listens on the transport's abort signal; undici warns past 1,500 listeners,
  // which a thousand concurrent requests plus their retries exceed by design. Keep other warnings.
  process.removeAllListeners('warning');
  process.on('warning', w => { if (w.name !== 'MaxListenersExceededWarning') process.stderr.write(`${w.stack ?? w}\n`); });
  await client.listTools();
  const tokensBefore = provider.tokens().access_token;
  await control(opts, 'POST', '/expire-access-tokens');
  const since = await mark(opts);
  const started = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: opts.requests }, () => client.listTools()));
  const ms = performance.now() - started;
  const refreshes = (await control(opts, 'GET', `/count?method=POST&path=/token&since=${since}`)).count;
  const requests = await control(opts, 'GET', `/requests?since=${since}`);
  const byPath = {};
  for (const r of requests) byPath[`${r.method} ${r.path}`] = (byPath[`${r.method} ${r.path}`] ?? 0) + 1;
  const failures = outcomes.filter(o => o.status === 'rejected');
  const reasons = {};
  for (const f of failures) {
    const key = String(f.reason?.message ?? f.reason).slice(0, 120);
    reasons[key] = (reasons[key] ?? 0) + 1;
  }
  await client.close();
  return {
    client: 'typescript-sdk',
    mode: 'refresh',
    concurrentRequests: opts.requests,
    refreshRequests: refreshes,
    succeeded: outcomes.length - failures.length,
    failed: failures.length,
    failureReasons: reasons,
    tokenChanged: provider.tokens().access_token !== tokensBefore,
    serverRequests: byPath,
    ms: round1(ms),
    discoveryState: opts.discoveryState
  };
}

const opts = parseArgs(process.argv.slice(2));
try {
  let result;
  switch (opts.mode) {
    case 'noop': result = { client: 'typescript-sdk', mode: 'noop' }; break;
    case 'login': result = await cold(opts); break;
    case 'warm': result = await warm(opts); break;
    case 'refresh': result = await refresh(opts); break;
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
} catch (e) {
  const cause = e?.cause?.message ? ` (${e.cause.message})` : '';
  process.stderr.write(`ts-driver: ${opts.mode} failed: ${e?.message ?? e}${cause}\n`);
  process.exit(1);
}

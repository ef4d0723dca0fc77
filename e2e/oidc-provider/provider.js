// A real OAuth authorization server (oidc-provider, which nobody on this project wrote) and a tiny
// protected MCP resource server, both on loopback, for mcp-oauth's end-to-end test.
//
//   node provider.js --cimd-origin https://localhost:8443
//
// Prints one JSON line when ready: {"issuer": ..., "mcp": ..., "events": ...}, then serves until
// stdin closes or it gets SIGTERM. `events` lists what happened (registrations, metadata document
// fetches, token grants, MCP calls) as JSON, for the test to assert on; nothing in it is a token.
//
// Authorization server (oidc-provider 9):
// - Client ID Metadata Documents (features.clientIdMetadataDocument, draft-02). Its fetcher refuses
//   loopback and private addresses (SSRF guard): the top-level `fetch` hook below drops that guard for
//   the test's metadata host origin only. The host's test CA comes in through NODE_EXTRA_CA_CERTS.
// - Dynamic Client Registration (features.registration), PKCE required for every client, resource
//   indicators (RFC 8707) accepting exactly the MCP resource, `iss` on every authorization response.
// - The development login and consent pages (devInteractions): any login and password are accepted.
// - Refresh tokens for clients registered with the refresh_token grant (see issueRefreshToken below).
//
// MCP resource server: POST /mcp answers 401 with `WWW-Authenticate: Bearer resource_metadata=...`
// unless the bearer token is active for this resource, which it checks by token introspection
// (RFC 7662) at the provider, as a confidential client of its own. Protected resource metadata
// (RFC 9728) at /.well-known/oauth-protected-resource/mcp names the provider as authorization server.

import { once } from 'node:events';
import http from 'node:http';
import process from 'node:process';
import { parseArgs } from 'node:util';
import Provider, { errors } from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    'cimd-origin': { type: 'string' },
    'access-token-ttl': { type: 'string', default: '3600' },
  },
});
const cimdOrigin = args['cimd-origin'] ? new URL(args['cimd-origin']).origin : null;
const accessTokenTtl = Number.parseInt(args['access-token-ttl'], 10);

const LOOPBACK = '127.0.0.1';
const MCP_SCOPE = 'mcp:tools';
const RS_CLIENT_ID = 'e2e-mcp-resource-server';
const RS_CLIENT_SECRET = `rs-secret-${process.pid}-${Date.now()}`;

const events = [];
function record(event) {
  events.push({ at: new Date().toISOString(), ...event });
}

// Both servers listen first, so the issuer and the resource URL carry their real ports.
const asServer = http.createServer();
const mcpServer = http.createServer();
asServer.listen(0, LOOPBACK);
mcpServer.listen(0, LOOPBACK);
await Promise.all([once(asServer, 'listening'), once(mcpServer, 'listening')]);

const issuer = `http://${LOOPBACK}:${asServer.address().port}`;
const mcpOrigin = `http://${LOOPBACK}:${mcpServer.address().port}`;
const mcpResource = `${mcpOrigin}/mcp`;
const prmUrl = `${mcpOrigin}/.well-known/oauth-protected-resource/mcp`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: RS_CLIENT_ID,
    client_secret: RS_CLIENT_SECRET,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: [],
    response_types: [],
    redirect_uris: [],
  }],
  scopes: ['openid', 'offline_access', MCP_SCOPE],
  pkce: { required: () => true },
  // OpenID Connect Core §11 lets a provider ignore offline_access unless prompt=consent is sent, and
  // oidc-provider does; MCP clients (ours included) send it without prompt. Like many OAuth servers,
  // issue refresh tokens to any client registered for the refresh_token grant, not bound to the session.
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  expiresWithSession: async () => false,
  cookies: { keys: [`e2e-cookie-key-${process.pid}`] },
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true },
    introspection: {
      enabled: true,
      allowedPolicy: async (ctx, client) => client.clientId === RS_CLIENT_ID,
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (ctx, client, oneOf) => oneOf ?? mcpResource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, resourceIndicator) => {
        if (resourceIndicator === mcpResource) {
          return {
            scope: MCP_SCOPE,
            audience: mcpResource,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: 'opaque',
          };
        }
        throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
      },
    },
    clientIdMetadataDocument: {
      enabled: true,
      ack: 'draft-02',
      allowFetch: async (ctx, clientId) => cimdOrigin !== null && new URL(clientId).origin === cimdOrigin,
    },
  },
  // The provider's fetcher sets an SSRF-guarding dispatcher that refuses loopback addresses; our
  // metadata host is on loopback, so the guard is dropped for its origin alone.
  async fetch(url, options) {
    const target = new URL(url);
    if (cimdOrigin !== null && target.origin === cimdOrigin) {
      delete options.dispatcher;
    }
    const response = await globalThis.fetch(url, options);
    record({ type: 'cimd_fetch', url: target.href, status: response.status });
    return response;
  },
});
provider.proxy = false;

provider.on('registration_create.success', (ctx, client) => {
  record({ type: 'registration', clientId: client.clientId, redirectUris: client.redirectUris });
});
provider.on('interaction.started', (ctx, prompt) => {
  record({ type: 'interaction', prompt: prompt.name, requested: ctx.query?.scope, scope: ctx.oidc.params.scope, clientId: ctx.oidc.client?.clientId });
});
provider.on('authorization.success', (ctx) => {
  record({ type: 'authorization', clientId: ctx.oidc.client?.clientId, scope: ctx.oidc.params.scope });
});
provider.on('grant.success', (ctx) => {
  record({
    type: 'token',
    grantType: ctx.oidc.params.grant_type,
    clientId: ctx.oidc.client?.clientId,
    resource: ctx.oidc.params.resource,
  });
});
for (const name of ['authorization.error', 'grant.error', 'registration_create.error', 'server_error',
  'introspection.error']) {
  provider.on(name, (ctx, error) => {
    record({ type: name, error: error.error ?? error.name, description: error.error_description ?? error.message });
  });
}

asServer.on('request', provider.callback());

async function introspect(token) {
  const response = await globalThis.fetch(`${issuer}/token/introspection`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${RS_CLIENT_ID}:${RS_CLIENT_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }).toString(),
  });
  return response.ok ? response.json() : { active: false };
}

function audienceIncludes(aud, resource) {
  return Array.isArray(aud) ? aud.includes(resource) : aud === resource;
}

function sendJson(res, status, body, headers = {}) {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length, ...headers });
  res.end(bytes);
}

function challenge(res, error) {
  const parts = [`resource_metadata="${prmUrl}"`, `scope="${MCP_SCOPE}"`];
  if (error) parts.unshift(`error="${error}"`);
  sendJson(res, 401, { error: error ?? 'unauthorized' }, { 'www-authenticate': `Bearer ${parts.join(', ')}` });
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

mcpServer.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, mcpOrigin);
    if (req.method === 'GET' && url.pathname === '/.well-known/oauth-protected-resource/mcp') {
      sendJson(res, 200, {
        resource: mcpResource,
        authorization_servers: [issuer],
        scopes_supported: [MCP_SCOPE],
        bearer_methods_supported: ['header'],
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/_e2e/events') {
      sendJson(res, 200, events);
      return;
    }
    if (url.pathname !== '/mcp') {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    const body = req.method === 'POST' ? await readBody(req) : '';
    const authorization = req.headers.authorization ?? '';
    if (!authorization.startsWith('Bearer ')) {
      record({ type: 'mcp', status: 401, reason: 'no bearer token' });
      challenge(res);
      return;
    }
    const info = await introspect(authorization.slice('Bearer '.length));
    if (!info.active || !audienceIncludes(info.aud, mcpResource)) {
      record({ type: 'mcp', status: 401, reason: info.active ? `audience ${info.aud}` : 'inactive token' });
      challenge(res, 'invalid_token');
      return;
    }
    if (!String(info.scope ?? '').split(' ').includes(MCP_SCOPE)) {
      record({ type: 'mcp', status: 403, reason: `scope ${info.scope}` });
      sendJson(res, 403, { error: 'insufficient_scope' }, {
        'www-authenticate': `Bearer error="insufficient_scope", scope="${MCP_SCOPE}", resource_metadata="${prmUrl}"`,
      });
      return;
    }
    let request = {};
    try {
      request = body ? JSON.parse(body) : {};
    } catch {
      sendJson(res, 400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
      return;
    }
    record({ type: 'mcp', status: 200, method: request.method, clientId: info.client_id });
    const result = request.method === 'initialize'
      ? { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'e2e-mcp', version: '1.0.0' } }
      : { tools: [] };
    sendJson(res, 200, { jsonrpc: '2.0', id: request.id ?? null, result });
  } catch (error) {
    record({ type: 'mcp_error', description: String(error) });
    if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
  }
});

function shutdown() {
  asServer.close();
  mcpServer.close();
  asServer.closeAllConnections();
  mcpServer.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.resume();

process.stdout.write(`${JSON.stringify({ issuer, mcp: mcpResource, events: `${mcpOrigin}/_e2e/events` })}\n`);

#!/usr/bin/env node
// Prints the table of bench/run.sh from the JSON figures it wrote into one directory.
// Usage: node bench/report.mjs DIR    (plain Node 20, no packages)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  process.stderr.write('usage: node bench/report.mjs DIR (the OUT directory of bench/run.sh)\n');
  process.exit(2);
}
const read = name => {
  const file = join(dir, name);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8').trim();
  return text ? JSON.parse(text) : null;
};

const ours = { cold: read('java-cold.json'), warm: read('java-warm.json'), refresh: read('java-refresh.json'), startup: read('java-startup.json') };
const ts = { cold: read('ts-cold.json'), warm: read('ts-warm.json'), refresh: read('ts-refresh.json'), startup: read('ts-startup.json'),
  coldNoDiscoveryState: read('ts-cold-nds.json'), warmNoDiscoveryState: read('ts-warm-nds.json') };
const server = read('server-time.json');
const jmh = read('jmh.json');

const ms = v => (v == null ? 'n/a' : `${Number(v).toFixed(1)} ms`);
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);
const x = r => (r == null ? '' : `${r.toFixed(2)}x`);
const status = ok => (ok == null ? '' : ok ? 'met' : 'NOT MET');

const rows = [];
const row = (what, a, b, r = '', target = '', st = '') => rows.push([what, String(a), String(b), r, target, st]);
const waves = s => (s?.wavesBeforeUrl ?? []).map(w => w.join(' + ')).join(' | ') || '(none)';

const coldRatio = ratio(ours.cold?.medianMs, ts.cold?.medianMs);
row('(a) full headless login, cold: median wall', ms(ours.cold?.medianMs), ms(ts.cold?.medianMs), x(coldRatio), '<= 0.80x',
  status(coldRatio == null ? null : coldRatio <= 0.8));
row('    min .. max', `${ms(ours.cold?.minMs)} .. ${ms(ours.cold?.maxMs)}`, `${ms(ts.cold?.minMs)} .. ${ms(ts.cold?.maxMs)}`);
row('    time to the authorization URL', ms(ours.cold?.medianToUrlMs), ms(ts.cold?.medianToUrlMs),
  x(ratio(ours.cold?.medianToUrlMs, ts.cold?.medianToUrlMs)));
row('    round trips before the authorization URL', ours.cold?.roundTripsBeforeUrl ?? 'n/a', ts.cold?.roundTripsBeforeUrl ?? 'n/a');
row('    HTTP requests per login', ours.cold?.requestsPerLogin?.length ?? 'n/a', ts.cold?.requestsPerLogin?.length ?? 'n/a');
if (ts.coldNoDiscoveryState) {
  const r = ratio(ours.cold?.medianMs, ts.coldNoDiscoveryState.medianMs);
  row('    vs a TS provider without discoveryState()', ms(ours.cold?.medianMs), ms(ts.coldNoDiscoveryState.medianMs), x(r),
    '<= 0.80x', status(r == null ? null : r <= 0.8));
  row('      (its HTTP requests per login)', ours.cold?.requestsPerLogin?.length ?? 'n/a',
    ts.coldNoDiscoveryState.requestsPerLogin?.length ?? 'n/a');
}
if (server?.medianMs) {
  const floor = k => server.medianMs * k;
  row('    floor: sequential requests x server time', `6 x ${ms(server.medianMs)} = ${ms(floor(6))}`,
    `6 x ${ms(server.medianMs)} = ${ms(floor(6))}`, x(1));
}
const warmRatio = ratio(ours.warm?.medianMs, ts.warm?.medianMs);
row('(b) warm login (same flow / provider): median wall', ms(ours.warm?.medianMs), ms(ts.warm?.medianMs), x(warmRatio), '<= 0.50x',
  status(warmRatio == null ? null : warmRatio <= 0.5));
row('    warm vs the other client\'s cold login', ms(ours.warm?.medianMs), ms(ts.cold?.medianMs), x(ratio(ours.warm?.medianMs, ts.cold?.medianMs)));
row('    warm / cold, same client', x(ratio(ours.warm?.medianMs, ours.cold?.medianMs)), x(ratio(ts.warm?.medianMs, ts.cold?.medianMs)));
row('    round trips before the authorization URL', ours.warm?.roundTripsBeforeUrl ?? 'n/a', ts.warm?.roundTripsBeforeUrl ?? 'n/a', '',
  '0 (ours)', status(ours.warm == null ? null : ours.warm.roundTripsBeforeUrl === 0));
row('    HTTP requests per login', ours.warm?.requestsPerLogin?.length ?? 'n/a', ts.warm?.requestsPerLogin?.length ?? 'n/a');
if (ts.warmNoDiscoveryState) {
  const r = ratio(ours.warm?.medianMs, ts.warmNoDiscoveryState.medianMs);
  row('    vs a TS provider without discoveryState()', ms(ours.warm?.medianMs), ms(ts.warmNoDiscoveryState.medianMs), x(r),
    '<= 0.50x', status(r == null ? null : r <= 0.5));
  row('      (its HTTP requests per login)', ours.warm?.requestsPerLogin?.length ?? 'n/a',
    ts.warmNoDiscoveryState.requestsPerLogin?.length ?? 'n/a');
}
if (server?.medianMs) {
  row('    floor: sequential requests x server time', `2 x ${ms(server.medianMs)} = ${ms(server.medianMs * 2)}`,
    `3 x ${ms(server.medianMs)} = ${ms(server.medianMs * 3)}`, x(2 / 3));
}
const n = ours.refresh?.concurrentRequests ?? ts.refresh?.concurrentRequests ?? '?';
row(`(c) ${n} concurrent MCP requests, expired token: refreshes`, ours.refresh?.refreshRequests ?? 'n/a',
  ts.refresh?.refreshRequests ?? 'n/a', '', '== 1 (ours)', status(ours.refresh == null ? null : ours.refresh.refreshRequests === 1));
row('    requests failed', ours.refresh?.failed ?? 'n/a', ts.refresh?.failed ?? 'n/a');
row('    all answered after', ms(ours.refresh?.ms), ms(ts.refresh?.ms), x(ratio(ours.refresh?.ms, ts.refresh?.ms)));
if (ours.startup || ts.startup) {
  row('(d) cold start: mcp-oauth --version | node noop', ms(ours.startup?.medianMs), ms(ts.startup?.medianMs),
    x(ratio(ours.startup?.medianMs, ts.startup?.medianMs)));
  row('    min .. max', `${ms(ours.startup?.minMs)} .. ${ms(ours.startup?.maxMs)}`, `${ms(ts.startup?.minMs)} .. ${ms(ts.startup?.maxMs)}`);
}
if (Array.isArray(jmh)) {
  for (const b of jmh) {
    const name = b.benchmark.replace(/^dev\.mcpoauth\.bench\./, '');
    const score = b.primaryMetric.score;
    const err = b.primaryMetric.scoreError;
    const isToken = name.startsWith('CachedAccessToken');
    row(`(e) JMH ${name}${b.threads > 1 ? ` (${b.threads} threads)` : ''}`,
      `${score.toFixed(1)} ± ${Number.isFinite(err) ? err.toFixed(1) : '?'} ns/op`, '', '',
      isToken ? '< 1000 ns/op' : '', isToken ? status(score < 1000) : '');
  }
}

const header = ['row', 'mcp-oauth', 'TypeScript SDK', 'ours/TS', 'target', 'status'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
const line = cells => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
const machine = existsSync(join(dir, 'machine.txt')) ? readFileSync(join(dir, 'machine.txt'), 'utf8').trim() : '';
const out = [];
if (machine) out.push(machine, '');
out.push(line(header), widths.map(w => '-'.repeat(w)).join('  '));
for (const r of rows) out.push(line(r));
out.push('');
out.push(`round trips before the authorization URL (server side; overlapping requests = one):`);
out.push(`  (a) mcp-oauth cold: ${waves(ours.cold)}`);
out.push(`  (a) TS SDK cold:    ${waves(ts.cold)}`);
out.push(`  (b) mcp-oauth warm: ${waves(ours.warm)}`);
out.push(`  (b) TS SDK warm:    ${waves(ts.warm)}`);
out.push(`every request of one login:`);
out.push(`  mcp-oauth cold: ${(ours.cold?.requestsPerLogin ?? []).join(', ')}`);
out.push(`  TS SDK cold:    ${(ts.cold?.requestsPerLogin ?? []).join(', ')}`);
out.push(`  mcp-oauth warm: ${(ours.warm?.requestsPerLogin ?? []).join(', ')}`);
out.push(`  TS SDK warm:    ${(ts.warm?.requestsPerLogin ?? []).join(', ')}`);
const gaps = s => {
  if (!s?.allWaves) return 'n/a';
  const parts = [];
  s.allWaves.forEach((w, i) => {
    if (i > 0) parts.push(`[${s.medianGapsMs?.[i - 1] ?? '?'} ms]`);
    parts.push(w.map(r => r.replace(/^(GET|POST) /, '')).join('+'));
  });
  return parts.join(' ');
};
out.push(`client time between round trips (median ms between the last answer of a wave and the next request):`);
out.push(`  mcp-oauth cold: ${gaps(ours.cold)}`);
out.push(`  TS SDK cold:    ${gaps(ts.cold)}`);
out.push(`  mcp-oauth warm: ${gaps(ours.warm)}`);
out.push(`  TS SDK warm:    ${gaps(ts.warm)}`);
if (ts.refresh?.failureReasons && Object.keys(ts.refresh.failureReasons).length) {
  out.push(`TS SDK failures in (c): ${Object.entries(ts.refresh.failureReasons).map(([k, v]) => `${v}x "${k}"`).join('; ')}`);
}
if (ours.refresh?.failureReasons && Object.keys(ours.refresh.failureReasons).length) {
  out.push(`mcp-oauth failures in (c): ${Object.entries(ours.refresh.failureReasons).map(([k, v]) => `${v}x "${k}"`).join('; ')}`);
}
process.stdout.write(out.join('\n') + '\n');

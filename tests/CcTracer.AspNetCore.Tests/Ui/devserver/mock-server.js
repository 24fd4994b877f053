#!/usr/bin/env node
// Dev mock of the CcTracer HTTP API (docs/http-api.md) for working on the UI without the
// real server. Plain Node 20, no packages. It serves the UI files in src/CcTracer.AspNetCore/Ui/wwwroot/
// and sample sessions built from tests/fixtures/claude-code-2.1.197.
//
//   node mock-server.js [--port 7356] [--prefix /cc] [--big 2000] [--loop] [--empty]
//
//   --prefix  mount everything under a route prefix (the UI must use relative URLs)
//   --big N   add a session with N generated records (virtualized-timeline check)
//   --loop    push a new live turn every 12 s (default: once, 3 s after start)
//   --empty   start with no sessions (empty state); a live session appears after 3 s
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf('--' + name); return i < 0 ? def : (args[i + 1] && !args[i + 1].startsWith('--') ? args[i + 1] : true); };
const PORT = +opt('port', 7356);
const PREFIX = String(opt('prefix', '')).replace(/\/$/, '');
const BIG = +opt('big', 0);
const LOOP = !!opt('loop', false);
const EMPTY = !!opt('empty', false);

const ROOT = path.resolve(__dirname, '../../../..');
const FIX = path.join(ROOT, 'tests/fixtures/claude-code-2.1.197');
const WWW = path.join(ROOT, 'src/CcTracer.AspNetCore/Ui/wwwroot');
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
const fx = (n) => JSON.parse(fs.readFileSync(path.join(FIX, n), 'utf8'));

// ---- sessions: id -> {lines: [string], created, modified}
const sessions = new Map();
function session(id, created) {
  if (!sessions.has(id)) sessions.set(id, { id, lines: [], created, modified: created });
  return sessions.get(id);
}
function append(id, rec, tsMs) {
  const s = session(id, new Date(tsMs).toISOString());
  const full = Object.assign({ v: 1, seq: s.lines.length + 1, type: rec.type, ts: new Date(tsMs).toISOString(), session_id: id }, rec);
  full.type = rec.type;
  const line = JSON.stringify(full);
  s.lines.push(line);
  s.modified = full.ts;
  return full;
}

// ---- summaries (what GET /records returns)
function blocks(content) { return Array.isArray(content) ? content : []; }
function summarize(line) {
  const r = JSON.parse(line);
  const s = { seq: r.seq, type: r.type, ts: r.ts, session_id: r.session_id, bytes: Buffer.byteLength(line) };
  const put = (k, v) => { if (v !== undefined && v !== null) s[k] = v; };
  if (r.type === 'hook') {
    const p = r.payload || {};
    put('event', r.event); put('tool_name', p.tool_name); put('tool_use_id', r.tool_use_id); put('duration_ms', p.duration_ms);
    put('preview', (p.prompt || (p.tool_input && (p.tool_input.command || p.tool_input.file_path)) || p.last_assistant_message || p.reason || p.source || '').slice(0, 200) || undefined);
  } else if (r.type === 'api_request') {
    ['exchange_id', 'method', 'path', 'kind', 'model', 'stream'].forEach((k) => put(k, r[k]));
    const b = r.body || {};
    const ids = [];
    for (const m of b.messages || []) for (const c of blocks(m.content)) if (c.type === 'tool_result') ids.push(c.tool_use_id);
    if (ids.length) s.result_tool_use_ids = ids;
    const last = (b.messages || []).filter((m) => m.role === 'user').pop();
    const txt = last && (typeof last.content === 'string' ? last.content : blocks(last.content).map((c) => c.text || (typeof c.content === 'string' ? c.content : '')).join(' '));
    put('preview', txt ? txt.slice(0, 200) : undefined);
  } else if (r.type === 'api_response') {
    ['exchange_id', 'status', 'complete', 'usage', 'timings'].forEach((k) => put(k, r[k]));
    s.error = r.error ?? null;
    if (s.timings) s.timings = { ttfb_ms: r.timings.ttfb_ms, ttft_ms: r.timings.ttft_ms, total_ms: r.timings.total_ms };
    const m = r.message;
    if (m) {
      put('stop_reason', m.stop_reason);
      const ids = blocks(m.content).filter((c) => c.type === 'tool_use').map((c) => c.id);
      if (ids.length) s.tool_use_ids = ids;
      const names = [...new Set(blocks(m.content).filter((c) => c.type === 'tool_use').map((c) => c.name))];
      if (names.length) s.tool_names = names;
      const t = blocks(m.content).map((c) => c.text || (c.type === 'tool_use' ? c.name + ' ' + JSON.stringify(c.input) : '')).join(' ').trim();
      put('preview', t ? t.slice(0, 200) : undefined);
    }
  } else if (r.type === 'notice') {
    put('level', r.level); put('message', r.message); put('preview', r.message);
  }
  return s;
}

// ---- building blocks from the fixtures
const reqFirst = fx('request-first-turn.json');
const reqAfter = fx('request-after-tool-result.json');
const redactHeaders = (h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, /api-key|authorization|token|secret|cookie/i.test(k) ? 'sk-ant-api03-…[redacted 108 chars]' : v]));
const respHeaders = (rid) => ({
  'content-type': 'text/event-stream; charset=utf-8', 'request-id': rid, 'anthropic-ratelimit-requests-limit': '4000',
  'anthropic-ratelimit-requests-remaining': '3999', 'anthropic-ratelimit-input-tokens-remaining': '1999000', 'cache-control': 'no-cache',
});

function sse(message) {
  // message -> SSE text, the way the Messages API streams it
  const ev = [];
  const push = (name, data) => ev.push(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  const start = Object.assign({}, message, { content: [], stop_reason: null, usage: Object.assign({}, message.usage, { output_tokens: 1 }) });
  push('message_start', { type: 'message_start', message: start });
  message.content.forEach((b, index) => {
    if (b.type === 'thinking') {
      push('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      if (b.thinking) push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: b.thinking } });
      push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: b.signature } });
    } else if (b.type === 'text') {
      push('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const part of b.text.match(/.{1,12}/gs) || []) push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: part } });
    } else if (b.type === 'tool_use') {
      push('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input) } });
    }
    push('content_block_stop', { type: 'content_block_stop', index });
  });
  push('message_delta', { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: message.usage.output_tokens } });
  push('message_stop', { type: 'message_stop' });
  return ev;
}

function turn(id, t, xid, reqFixture, message, o = {}) {
  // api_request at t, api_response at t + total
  const total = o.total ?? 2400, ttfb = o.ttfb ?? 640, ttft = o.ttft ?? 910;
  const req = {
    type: 'api_request', exchange_id: xid, method: 'POST', path: reqFixture.path, kind: 'messages',
    headers: redactHeaders(reqFixture.headers), model: reqFixture.body.model, stream: true,
    body: reqFixture.body, body_bytes: Buffer.byteLength(JSON.stringify(reqFixture.body)),
  };
  append(id, req, t);
  const events = sse(message);
  const offsets = events.map((_, i) => Math.round(ttfb + (total - ttfb) * (i / Math.max(1, events.length - 1))));
  const nb = message.content.length;
  const res = {
    type: 'api_response', exchange_id: xid, status: o.status ?? 200, headers: respHeaders('req_011' + xid.slice(-8)),
    content_encoding: 'gzip', streamed: true, body_text: events.join(''), body_bytes: Buffer.byteLength(events.join('')),
    event_offsets_ms: offsets, message, complete: o.complete ?? true, error: o.error ?? null,
    timings: {
      ttfb_ms: ttfb, ttft_ms: ttft, total_ms: total,
      blocks: message.content.map((b, i) => ({ index: i, type: b.type, start_ms: Math.round(ttft + (total - ttft) * i / nb), end_ms: Math.round(ttft + (total - ttft) * (i + 1) / nb) - 20 })),
      stalls: o.stalls ?? [],
    },
    usage: message.usage,
    rate_limits: { 'request-id': 'req_011' + xid.slice(-8), 'anthropic-ratelimit-requests-remaining': '3999' },
  };
  if (o.truncateSse) { res.body_text = events.slice(0, o.truncateSse).join('') + 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'; res.event_offsets_ms = offsets.slice(0, o.truncateSse + 1); }
  append(id, res, t + total + 15);
  return t + total + 15;
}

const hook = (name, over) => Object.assign(fx('hook-' + name + '.json'), over || {});
function addHook(id, t, payload) {
  const rec = { type: 'hook', event: payload.hook_event_name, payload };
  if (payload.tool_use_id) rec.tool_use_id = payload.tool_use_id;
  return append(id, rec, t);
}
const usage = (i, o, cr, cw) => ({ input_tokens: i, cache_creation_input_tokens: cw, cache_read_input_tokens: cr, output_tokens: o, service_tier: 'standard' });

// ---- session 1: the fixture session (the "live" one)
const LIVE = '69291977-120d-4f2a-bfbc-187768282b87';
function buildLive(t0) {
  const id = LIVE;
  let t = t0;
  addHook(id, t, hook('SessionStart', { session_id: id }));
  addHook(id, t += 900, hook('UserPromptSubmit', { session_id: id, prompt: 'run echo hi <b>not bold</b><img src=x onerror=alert(1)>' }));
  t = turn(id, t += 40, 'ex-0001-aaaa', reqFirst, {
    id: 'msg_01A', type: 'message', role: 'assistant', model: 'claude-opus-4-8', stop_reason: 'tool_use', stop_sequence: null,
    content: [
      { type: 'thinking', thinking: 'The user wants me to run `echo hi`. I should use the Bash tool.', signature: 'EqQBCkYIBRgCIkD' },
      { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'echo hi', description: 'say hi' } },
    ],
    usage: usage(3, 87, 0, 22980),
  }, { total: 3100, stalls: [{ at_ms: 1400, gap_ms: 820 }] });
  addHook(id, t += 30, hook('PreToolUse', { session_id: id }));
  addHook(id, t += 95, hook('PostToolUse', { session_id: id }));
  addHook(id, t += 5, hook('PostToolBatch', { session_id: id }));
  t = turn(id, t += 20, 'ex-0002-bbbb', reqAfter, {
    id: 'msg_01B', type: 'message', role: 'assistant', model: 'claude-opus-4-8', stop_reason: 'end_turn', stop_sequence: null,
    content: [
      { type: 'thinking', thinking: '', signature: 'EuYBCkYIBRgCKkBthinkingomittedsignatureonly' },
      { type: 'text', text: 'Done: the command ran.' },
    ],
    usage: usage(5, 12, 22980, 140),
  }, { total: 1800, ttfb: 520, ttft: 1240 });
  addHook(id, t += 10, hook('Stop', { session_id: id }));
  append(id, { type: 'future_record_kind', note: 'a record type this UI does not know', data: { a: 1, b: [1, 2] } }, t += 5);
  append(id, { type: 'notice', level: 'warning', message: 'capture failed for exchange ex-0003: decoder error (the stream itself completed)', detail: 'System.IO.InvalidDataException: …' }, t += 5);
  // an Edit and a Write for the diff view
  addHook(id, t += 400, { session_id: id, hook_event_name: 'PreToolUse', tool_name: 'Edit', tool_use_id: 'toolu_02',
    tool_input: { file_path: '/home/dev/project/src/app.js', old_string: 'function hi() {\n  console.log("hi");\n  return 1;\n}', new_string: 'function hi(name) {\n  console.log("hi", name);\n  return 1;\n}' } });
  addHook(id, t += 60, { session_id: id, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_use_id: 'toolu_03',
    tool_input: { file_path: '/home/dev/project/NOTES.md', content: '# Notes\n\n- ran echo hi\n' }, tool_response: { type: 'create', filePath: '/home/dev/project/NOTES.md' } });
  addHook(id, t += 60, { session_id: id, hook_event_name: 'PreToolUse', tool_name: 'MultiEdit', tool_use_id: 'toolu_04',
    tool_input: { file_path: '/home/dev/project/a.txt', edits: [{ old_string: 'alpha\nbeta', new_string: 'alpha\nBETA\ngamma' }, { old_string: 'x = 1', new_string: 'x = 2' }] } });
  addHook(id, t += 60, { session_id: id, hook_event_name: 'TeammateIdle', some_new_field: true });
  return t;
}

// ---- session 2: an older capture with failures
const OLD = '0f3d2b1a-7c44-4e2a-9d0e-5b6a7c8d9e0f';
function buildOld(t0) {
  const id = OLD;
  let t = t0;
  addHook(id, t, hook('UserPromptSubmit', { session_id: id, prompt: 'summarize the repo' }));
  t = turn(id, t += 50, 'ex-old-0001', reqFirst, {
    id: 'msg_02A', type: 'message', role: 'assistant', model: 'claude-opus-4-8', stop_reason: null, stop_sequence: null,
    content: [{ type: 'text', text: 'Let me look at the' }], usage: usage(3, 5, 0, 22980),
  }, { total: 4200, complete: false, error: 'stream error event: overloaded_error: Overloaded', truncateSse: 5 });
  append(id, { type: 'api_request', exchange_id: 'ex-old-0002', method: 'POST', path: '/v1/messages/count_tokens?beta=true', kind: 'count_tokens', headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-api03-…[redacted 108 chars]' }, model: 'claude-haiku-4-5', stream: false, body_text: '{\n  "model": "claude-haiku-4-5",\n  "messages": [{"role":"user","content":"hi"}]\n}', body_bytes: 77 }, t += 200);
  append(id, { type: 'api_response', exchange_id: 'ex-old-0002', status: 400, headers: { 'content-type': 'application/json' }, streamed: false, body: { type: 'error', error: { type: 'invalid_request_error', message: 'messages: roles must alternate' } }, body_bytes: 90, complete: true, error: null, timings: { ttfb_ms: 80, ttft_ms: null, total_ms: 85 } }, t += 90);
  append(id, { type: 'hook_rejected', error: 'body is not a JSON object', content_type: 'text/plain', body_base64: Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('base64'), body_bytes: 4 }, t += 300);
  append(id, { type: 'notice', level: 'error', message: '12 records dropped: the writer fell behind' }, t += 10);
  return t;
}

// ---- session 3: big
function buildBig(n, t0) {
  const id = 'big-' + n + '-records';
  let t = t0, k = 0;
  while (session(id, new Date(t0).toISOString()).lines.length < n) {
    k++;
    const tu = 'toolu_big_' + k;
    const xid = 'ex-big-' + k;
    append(id, { type: 'api_request', exchange_id: xid, method: 'POST', path: '/v1/messages?beta=true', kind: 'messages', model: k % 7 ? 'claude-opus-4-8' : 'claude-haiku-4-5', stream: true, headers: {}, body: { model: 'claude-opus-4-8', max_tokens: 64000, messages: [{ role: 'user', content: k > 1 ? [{ type: 'tool_result', tool_use_id: 'toolu_big_' + (k - 1), content: 'ok ' + k }] : 'go' }] } }, t += 30);
    const msg = { id: 'msg_big_' + k, type: 'message', role: 'assistant', model: 'claude-opus-4-8', stop_reason: 'tool_use', content: [{ type: 'text', text: 'step ' + k }, { type: 'tool_use', id: tu, name: k % 3 ? 'Bash' : 'Read', input: { command: 'ls -la step' + k } }], usage: usage(10 + k, 40 + (k % 50), 20000 + k * 10, k % 5 ? 0 : 300) };
    const total = 800 + (k * 37) % 4000;
    append(id, { type: 'api_response', exchange_id: xid, status: k % 97 ? 200 : 529, streamed: true, body_text: sse(msg).join(''), message: msg, complete: k % 97 !== 0, error: k % 97 ? null : 'upstream 529 overloaded', timings: { ttfb_ms: 300, ttft_ms: 500, total_ms: total, blocks: [], stalls: [] }, usage: msg.usage }, t += total);
    addHook(id, t += 20, { session_id: id, hook_event_name: 'PreToolUse', tool_name: msg.content[1].name, tool_use_id: tu, tool_input: msg.content[1].input });
    addHook(id, t += 200, { session_id: id, hook_event_name: 'PostToolUse', tool_name: msg.content[1].name, tool_use_id: tu, tool_input: msg.content[1].input, tool_response: { stdout: 'file' + k } });
  }
  return t;
}

const now = Date.now();
if (!EMPTY) {
  buildOld(now - 3 * 3600e3);
  if (BIG) buildBig(BIG, now - 2 * 3600e3);
  buildLive(now - 60e3);
}

// ---- live feed
const clients = new Set();
function broadcast(event, data) {
  const msg = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  for (const c of clients) if (!c.session || c.session === data.session_id || event === 'dropped') c.res.write(msg);
}
function sessionSummary(s) {
  const bytes = s.lines.reduce((a, l) => a + Buffer.byteLength(l) + 1, 0);
  return { session_id: s.id, bytes, created: s.created, modified: s.modified, active: Date.now() - Date.parse(s.modified) < 600e3 };
}
function liveAppend(id, rec) {
  const isNew = !sessions.has(id);
  const full = append(id, rec, Date.now());
  if (isNew) broadcast('session', sessionSummary(sessions.get(id)));
  broadcast('record', summarize(sessions.get(id).lines[full.seq - 1]));
  return full;
}
let liveN = 0;
function liveTurn() {
  const n = ++liveN;
  const id = EMPTY && n === 1 ? 'a11ce000-0000-4000-8000-00000000live' : LIVE;
  liveAppend(id, { type: 'hook', event: 'UserPromptSubmit', payload: hook('UserPromptSubmit', { session_id: id, prompt: 'live prompt #' + n }) });
  const xid = 'ex-live-' + n + '-' + Date.now().toString(36);
  const started = Date.now();
  liveAppend(id, { type: 'api_request', exchange_id: xid, method: 'POST', path: reqAfter.path, kind: 'messages', headers: redactHeaders(reqAfter.headers), model: 'claude-opus-4-8', stream: true, body: reqAfter.body, body_bytes: 85593 });
  let events = 0, chars = 0;
  const iv = setInterval(() => {
    events += 3; chars += 37;
    broadcast('progress', { session_id: id, exchange_id: xid, t_ms: Date.now() - started, events, bytes: events * 140, output_chars: chars });
  }, 100);
  setTimeout(() => {
    clearInterval(iv);
    const msg = { id: 'msg_live_' + n, type: 'message', role: 'assistant', model: 'claude-opus-4-8', stop_reason: 'end_turn', stop_sequence: null, content: [{ type: 'text', text: 'Live answer #' + n + ': ' + 'lorem ipsum '.repeat(8) }], usage: usage(7, 120, 23120, 0) };
    const total = Date.now() - started;
    const ev = sse(msg);
    liveAppend(id, { type: 'api_response', exchange_id: xid, status: 200, headers: respHeaders('req_live' + n), streamed: true, body_text: ev.join(''), body_bytes: ev.join('').length, event_offsets_ms: ev.map((_, i) => Math.round(400 + (total - 400) * i / ev.length)), message: msg, complete: true, error: null, timings: { ttfb_ms: 400, ttft_ms: 620, total_ms: total, blocks: [{ index: 0, type: 'text', start_ms: 620, end_ms: total - 10 }], stalls: [] }, usage: msg.usage });
    liveAppend(id, { type: 'hook', event: 'Stop', payload: hook('Stop', { session_id: id }) });
  }, 2500);
}
setTimeout(liveTurn, 3000);
if (LOOP) setInterval(liveTurn, 12000);

// ---- HTTP
function json(res, code, obj) { res.writeHead(code, { 'content-type': 'application/json; charset=utf-8' }); res.end(JSON.stringify(obj)); }
const err = (res, code, type, message) => json(res, code, { error: { type, message } });

http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  let p = u.pathname;
  if (PREFIX) { if (!p.startsWith(PREFIX)) return err(res, 404, 'not_found', 'outside prefix ' + PREFIX); p = p.slice(PREFIX.length) || '/'; }
  const asset = p === '/' ? '/index.html' : p;
  const file = path.join(WWW, asset);
  if (file.startsWith(WWW + path.sep) && TYPES[path.extname(file)] && fs.existsSync(file)) {
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)], 'cache-control': 'no-store' });
    return res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(file));
  }
  if (p === '/api/health') return json(res, 200, { name: 'cc-tracer', version: '0.0.0-mock', pid: process.pid, log_dir: '/tmp/mock', upstream: 'https://api.anthropic.com', started_at: new Date(now).toISOString() });
  if (p === '/api/sessions') return json(res, 200, [...sessions.values()].map(sessionSummary).sort((a, b) => b.modified.localeCompare(a.modified)));
  if (p === '/api/live') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(`event: hello\ndata: ${JSON.stringify({ version: '0.0.0-mock' })}\n\n`);
    const c = { res, session: u.searchParams.get('session') };
    clients.add(c);
    const ka = setInterval(() => res.write(': keep-alive\n\n'), 15000);
    req.on('close', () => { clients.delete(c); clearInterval(ka); });
    return;
  }
  let m = p.match(/^\/api\/sessions\/([^/]+)\/(records|search)(?:\/(\d+))?$/);
  if (m) {
    const s = sessions.get(decodeURIComponent(m[1]));
    if (!s) return err(res, 404, 'not_found', 'no such session');
    if (m[2] === 'search') {
      const q = (u.searchParams.get('q') || '').toLowerCase();
      return json(res, 200, { seqs: q ? s.lines.map((l, i) => l.toLowerCase().includes(q) ? i + 1 : 0).filter(Boolean) : [] });
    }
    if (m[3]) {
      const line = s.lines[+m[3] - 1];
      if (!line) return err(res, 404, 'not_found', 'no such record');
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(line);
    }
    const after = +(u.searchParams.get('after') || 0);
    return json(res, 200, s.lines.slice(after).map(summarize));
  }
  // dev helpers: simulate a too-slow subscriber
  if (p === '/dev/dropped') { broadcast('dropped', { count: 3 }); return json(res, 200, { ok: true }); }
  if (p === '/dev/turn') { liveTurn(); return json(res, 200, { ok: true }); }
  return err(res, 404, 'not_found', p);
}).listen(PORT, '127.0.0.1', () => console.log(`mock cc-tracer on http://127.0.0.1:${PORT}${PREFIX}/`));

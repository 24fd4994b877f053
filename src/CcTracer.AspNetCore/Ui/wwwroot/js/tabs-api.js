// Detail tabs of an API exchange: Request, Response, Usage, Timing, Headers.
import { h, pre, pretty, isObj, chars, jsonSize, parseJson, sec, kv } from './dom.js';
import { fmtBytes, fmtClock, fmtMs } from './format.js';
import { bodyOf, bodyView, cacheBadge, failBanner, renderContent } from './blocks.js';

function request(r, f) {
  const rec = f.req && f.req.json;
  if (!rec) return [failBanner(f.req) || h('div', { class: 'note' }, 'No request recorded for this exchange.')];
  const b = bodyOf(rec);
  const out = [];
  out.push(h('div', { class: 'banner' }, h('b', { class: 'mono' }, (rec.method || '') + ' ' + (rec.path || '')), '  ', h('span', { class: 'dim' }, [rec.kind, rec.body_bytes != null ? 'body ' + fmtBytes(rec.body_bytes) : null, b && b.form !== 'body' ? 'stored as ' + b.form : null].filter(Boolean).join(' · ')), rec.body_truncated ? h('span', { class: 'badge bad' }, ' body truncated') : null));
  const body = b && b.json;
  if (!isObj(body)) { out.push(sec('Body', b && b.form, bodyView(b))); return out; }
  const params = Object.keys(body).filter((k) => !['system', 'tools', 'messages'].includes(k));
  out.push(sec('Parameters', params.length, kv(params.map((k) => {
    let v = body[k];
    if (k === 'metadata' && isObj(v) && typeof v.user_id === 'string') { const j = parseJson(v.user_id); if (j.ok) v = Object.assign({}, v, { user_id: j.v }); }
    return [k, typeof v === 'object' && v !== null ? JSON.stringify(v, null, isObj(v) && Object.keys(v).length > 2 ? 2 : 0) : v];
  }))));
  if (body.system !== undefined) {
    const sys = body.system;
    const blocks = typeof sys === 'string' ? [{ type: 'text', text: sys }] : Array.isArray(sys) ? sys : [sys];
    const total = blocks.reduce((a, x) => a + chars(x && x.text), 0);
    out.push(sec('System', blocks.length + ' blocks · ' + total.toLocaleString() + ' chars', blocks.map((x, i) => h('div', { class: 'blk', 'data-block-type': 'system' },
      h('div', { class: 'bh' }, h('span', { class: 't' }, '#' + i + ' ' + (x && x.type)), h('span', null, chars(x && x.text).toLocaleString() + ' chars'), cacheBadge(x && x.cache_control)),
      x && x.type === 'text' ? pre(x.text) : pre(pretty(x))))));
  }
  if (body.tools !== undefined) {
    const tools = Array.isArray(body.tools) ? body.tools : [];
    out.push(sec('Tools', tools.length + ' · ' + fmtBytes(jsonSize(body.tools)), tools.length ? tools.map((t) => sec(h('span', { class: 'mono' }, t.name || t.type || '?'), fmtBytes(jsonSize(t)) + (t.type ? ' · ' + t.type : '') + (t.cache_control ? ' · cache_control' : ''), pre(pretty(t)), false, { 'data-tool': t.name || '' })) : h('div', { class: 'note' }, 'tools: [] (none)'), false));
  }
  const msgs = Array.isArray(body.messages) ? body.messages : [];
  out.push(sec('Messages', msgs.length, msgs.map((m, i) => {
    const role = m && m.role;
    return h('div', { class: 'msg role-' + (['user', 'assistant', 'system'].includes(role) ? role : 'other'), 'data-role': String(role) },
      h('div', { class: 'mh' }, h('span', { class: 'role' }, String(role)), h('span', { class: 'dim' }, '#' + i), Array.isArray(m.content) ? h('span', { class: 'dim' }, m.content.length + ' blocks') : null),
      h('div', { class: 'mb' }, renderContent(m && m.content)));
  })));
  return out;
}

function response(r, f) {
  const rec = f.res && f.res.json;
  if (!rec) {
    if (f.res) return [failBanner(f.res)];
    if (r.progress) return [h('div', { class: 'banner warn' }, 'Streaming… ' + fmtMs(r.progress.t_ms) + ' · ' + r.progress.events + ' events · ' + fmtBytes(r.progress.bytes) + ' · ' + r.progress.output_chars + ' output chars'), h('div', { class: 'note' }, 'The response is shown here when the exchange ends.')];
    return [h('div', { class: 'note' }, 'No response recorded (yet) for this exchange.')];
  }
  const out = [];
  const bad = rec.complete === false || rec.error || rec.status >= 400;
  out.push(h('div', { class: 'banner' + (bad ? ' bad' : rec.damaged ? ' warn' : '') }, h('b', null, 'HTTP ' + rec.status), '  ', rec.streamed ? 'streamed (SSE)' : 'not streamed', rec.complete === false ? h('b', null, '  · incomplete') : null, outcome(rec), rec.body_truncated ? h('div', null, 'body truncated at the capture limit') : null));
  let m = rec.message;
  const b = bodyOf(rec);
  if (!m && b && isObj(b.json) && b.json.type === 'message') m = b.json;
  if (isObj(m)) {
    const known = ['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'stop_details', 'usage', 'container'];
    out.push(kv([['stop_reason', m.stop_reason == null ? 'null' : m.stop_reason], ['stop_sequence', m.stop_sequence == null ? undefined : m.stop_sequence], ['stop_details', m.stop_details == null ? undefined : pretty(m.stop_details)], ['model', m.model], ['id', m.id]]));
    out.push(h('h3', { class: 'h' }, 'Content'));
    out.push(...renderContent(m.content || []));
    const extra = Object.keys(m).filter((k) => !known.includes(k));
    if (extra.length) out.push(sec('Other message fields', extra.length, pre(pretty(Object.fromEntries(extra.map((k) => [k, m[k]])))), true));
  } else if (b) {
    out.push(sec('Body', b.form, bodyView(b)));
  } else out.push(h('div', { class: 'note' }, 'No body.'));
  return out;
}

// Each cause in its own line: what the API said, how the connection ended, what the tracer could not read.
function outcome(rec) {
  const e = rec.api_error;
  const text = (x) => (typeof x === 'string' ? x : pretty(x));
  return [
    e ? h('div', { 'data-api-error': e.type || '' }, 'API error: ', h('b', null, e.type || '?'), ' — ' + (e.message || '')) : null,
    rec.error && !(e && rec.error === e.message) ? h('div', null, 'error: ' + text(rec.error)) : null,
    rec.transport_error ? h('div', { 'data-transport-error': '' }, 'transport: ' + rec.transport_error) : null,
    rec.damaged ? h('div', { 'data-damaged': '' }, 'damaged: ' + (rec.damaged_events || []).length + ' event(s) could not be read (#' + (rec.damaged_events || []).join(', #') + '); what they carried is missing from the message — the raw body has them') : null,
    rec.body_undecodable ? h('div', null, 'the upstream sent a body that does not decode as its Content-Encoding says; it is kept as received') : null,
  ];
}

function usage(r, f) {
  const rec = f.res && f.res.json;
  const u = (rec && rec.usage) || (rec && rec.message && rec.message.usage) || (r.res && r.res.usage);
  if (!u) return [h('div', { class: 'note' }, r.res ? 'No usage reported for this exchange.' : 'Usage appears when the response completes.')];
  const inp = u.input_tokens || 0, out = u.output_tokens || 0, cr = u.cache_read_input_tokens || 0, cw = u.cache_creation_input_tokens || 0;
  const totalIn = inp + cr + cw;
  const rows = [['input tokens (uncached)', inp], ['output tokens', out], ['cache read tokens', cr], ['cache write tokens', cw], ['total input', totalIn]];
  const pct = (x) => totalIn ? (x / totalIn * 100) : 0;
  const known = ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'];
  const extra = Object.keys(u).filter((k) => !known.includes(k));
  const part = (cls, x, title) => h('span', { class: cls, style: { width: pct(x) + '%' }, title });
  const legend = (cls, x, label) => h('span', null, h('i', { class: cls }), label + ' ' + pct(x).toFixed(1) + '%');
  return [
    h('table', { class: 't', 'data-usage': '' }, h('tbody', null, rows.map(([k, v]) => h('tr', null, h('td', { class: 'k' }, k), h('td', { class: 'n' }, Number(v).toLocaleString()))),
      h('tr', null, h('td', { class: 'k' }, 'cache hit'), h('td', { class: 'n' }, totalIn ? (cr / totalIn * 100).toFixed(1) + '%' : '–')))),
    h('h3', { class: 'h' }, 'Input composition'),
    h('div', { class: 'stack' }, part('sw-read', cr, 'cache read'), part('sw-write', cw, 'cache write'), part('sw-in', inp, 'uncached input')),
    h('div', { class: 'legend' }, legend('sw-read', cr, 'cache read'), legend('sw-write', cw, 'cache write'), legend('sw-in', inp, 'uncached')),
    extra.length ? sec('Other usage fields', extra.length, pre(pretty(Object.fromEntries(extra.map((k) => [k, u[k]]))))) : null,
  ];
}

function timing(r, f) {
  const rec = f.res && f.res.json;
  const t = (rec && rec.timings) || (r.res && r.res.timings);
  if (!t) return [r.progress ? h('div', { class: 'banner warn' }, 'Streaming for ' + fmtMs(r.progress.t_ms) + '…') : h('div', { class: 'note' }, 'No timings recorded.')];
  const total = t.total_ms || Math.max(1, ...(t.blocks || []).map((b) => b.end_ms || 0));
  const pc = (x) => Math.max(0, Math.min(100, (x / total) * 100)).toFixed(2) + '%';
  const line = (label, from, to, cls, num) => [h('div', { class: 'mono' }, label), h('div', { class: 'track' }, h('div', { class: 'seg ' + (cls || ''), style: { left: pc(from), width: pc(Math.max(0, to - from)) } })), h('div', { class: 'n' }, num)];
  const kids = [];
  kids.push(...line('waiting (TTFB)', 0, t.ttfb_ms || 0, 'wait', fmtMs(t.ttfb_ms)));
  if (t.ttft_ms != null) kids.push(...line('first token (TTFT)', t.ttfb_ms || 0, t.ttft_ms, 'wait', fmtMs(t.ttft_ms)));
  kids.push(...line('total', 0, total, '', fmtMs(t.total_ms)));
  for (const b of t.blocks || []) kids.push(...line('block #' + b.index + ' ' + b.type, b.start_ms, b.end_ms, b.type === 'thinking' ? 'thinking' : '', fmtMs(b.end_ms - b.start_ms)));
  for (const s of t.stalls || []) kids.push(...line('stall at ' + fmtMs(s.at_ms), s.at_ms, s.at_ms + s.gap_ms, 'stall', fmtMs(s.gap_ms)));
  const offs = rec && Array.isArray(rec.event_offsets_ms) ? rec.event_offsets_ms : null;
  return [
    kv([['request sent', r.req ? fmtClock(Date.parse(r.req.ts)) + '  (' + r.req.ts + ')' : undefined], ['response ended', r.res ? fmtClock(Date.parse(r.res.ts)) + '  (' + r.res.ts + ')' : undefined],
      ['ttfb', fmtMs(t.ttfb_ms)], ['ttft', t.ttft_ms == null ? '–' : fmtMs(t.ttft_ms)], ['total', fmtMs(t.total_ms)], ['SSE events', offs ? offs.length : undefined], ['stalls', (t.stalls || []).length]]),
    h('h3', { class: 'h' }, 'Waterfall'),
    h('div', { class: 'tl', 'data-timing': '' }, kids),
    offs && offs.length ? [h('h3', { class: 'h' }, 'SSE event arrivals (' + offs.length + ')'), h('div', { class: 'ticks' }, offs.slice(0, 5000).map((o) => h('i', { style: { left: pc(o) } })))] : null,
    (t.stalls || []).length ? h('div', { class: 'banner warn spaced' }, (t.stalls.length) + ' stall(s): ' + t.stalls.map((s) => 'at ' + fmtMs(s.at_ms) + ' for ' + fmtMs(s.gap_ms)).join(', ')) : null,
  ];
}

function headers(r, f) {
  const q = f.req && f.req.json, s = f.res && f.res.json;
  const table = (obj) => isObj(obj) && Object.keys(obj).length ? h('table', { class: 't' }, h('tbody', null, Object.entries(obj).map(([k, v]) => h('tr', null, h('td', { class: 'k' }, k), h('td', { class: 'v' }, typeof v === 'string' ? v : pretty(v)))))) : h('div', { class: 'note' }, 'none recorded');
  return [
    sec('General', null, kv([['request', q ? (q.method + ' ' + q.path) : undefined], ['status', s ? String(s.status) : 'pending'], ['content-encoding', s && s.content_encoding ? s.content_encoding : undefined], ['exchange_id', (q || s || {}).exchange_id]])),
    sec('Request headers', q && q.headers ? Object.keys(q.headers).length : '', table(q && q.headers)),
    sec('Response headers', s && s.headers ? Object.keys(s.headers).length : '', table(s && s.headers)),
    s && s.rate_limits ? sec('Rate limits', Object.keys(s.rate_limits).length, table(s.rate_limits)) : null,
    h('div', { class: 'note' }, 'Credentials, and secrets in bodies unless the server runs with --no-body-masking, are masked ([masked:KIND:HASH]) by the tracer before anything is stored; a record lists them under masked.'),
  ];
}

export const API_TABS = { request, response, usage, timing, headers };

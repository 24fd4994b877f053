// Detail tabs of single records: Raw (any row), Payload (hooks), Notice.
import { h, pre, pretty, isObj, chars, jsonSize, parseJson, sec, kv, copyText } from './dom.js';
import { fmtBytes } from './format.js';
import { S } from './state.js';
import { bodyOf, bodyView, failBanner } from './blocks.js';

function raw(r, f) {
  const opts = [];
  const add2 = (label, rec) => { if (rec) opts.push([label, rec.text != null ? rec.text : String(rec.error)]); };
  if (r.kind === 'api') {
    add2('request record #' + (r.req ? r.req.seq : '?'), f.req);
    add2('response record #' + (r.res ? r.res.seq : '?'), f.res);
    const sj = f.res && f.res.json;
    if (sj && typeof sj.body_text === 'string') opts.push(['response body_text' + (sj.streamed ? ' (SSE)' : ''), sj.body_text]);
    const qj = f.req && f.req.json;
    if (qj && qj.body !== undefined) opts.push(['request body (pretty)', pretty(qj.body)]);
  } else {
    add2('record #' + r.seq, f.rec);
    const j = f.rec && f.rec.json;
    if (j) opts.push(['record (pretty)', pretty(j)]);
  }
  if (r.kind === 'other') opts.length && (opts[0][0] += ' · type “' + r.rec.type + '” is not known to this UI');
  if (!opts.length) return [h('div', { class: 'note' }, 'Nothing recorded yet.')];
  let cur = Math.min(S.rawIdx || 0, opts.length - 1);
  const view = pre('', 'tall');
  view.dataset.raw = '';
  const size = h('span', { class: 'dim' });
  const btns = opts.map(([label], i) => h('button', { class: i === cur ? 'on' : '', 'data-raw-choice': i, onclick: () => { S.rawIdx = i; show(i); } }, label));
  const status = h('span', { class: 'dim' });
  const copy = h('button', { id: 'copy', onclick: () => copyText(opts[cur][1]).then(() => { status.textContent = 'copied'; setTimeout(() => { status.textContent = ''; }, 1500); }, (e) => { status.textContent = 'copy failed: ' + e; }) }, 'Copy');
  function show(i) { cur = i; view.textContent = opts[i][1]; size.textContent = fmtBytes(new Blob([opts[i][1]]).size); btns.forEach((b, j) => b.classList.toggle('on', j === i)); }
  show(cur);
  return [h('div', { class: 'toolbar' }, btns, copy, size, status), view];
}

function payload(r, f) {
  const rec = f.rec && f.rec.json;
  if (!rec) return [failBanner(f.rec)];
  if (rec.type === 'hook_rejected') {
    const b = bodyOf(rec);
    return [h('div', { class: 'banner bad' }, 'Rejected hook POST: ' + (rec.error || '')), kv([['content_type', rec.content_type], ['body_bytes', rec.body_bytes], ['form', b && b.form]]), h('h3', { class: 'h' }, 'Body'), bodyView(b)];
  }
  let p = rec.payload;
  if (p === undefined && typeof rec.payload_text === 'string') { const j = parseJson(rec.payload_text); p = j.ok ? j.v : rec.payload_text; }
  if (!isObj(p)) return [h('div', { class: 'note' }, 'Payload is not an object:'), pre(typeof p === 'string' ? p : pretty(p))];
  const out = [];
  const rel = r.ids.length ? [...S.related].length : 0;
  out.push(kv([['event', rec.event || p.hook_event_name], ['tool', p.tool_name], ['tool_use_id', rec.tool_use_id || p.tool_use_id], ['related rows', r.ids.length ? String(rel) : undefined], ['time', rec.ts], ['session_id', p.session_id], ['cwd', p.cwd], ['permission_mode', p.permission_mode], ['duration_ms', p.duration_ms]]));
  if (p.prompt !== undefined) out.push(sec('Prompt', chars(p.prompt) + ' chars', pre(typeof p.prompt === 'string' ? p.prompt : pretty(p.prompt))));
  if (p.tool_input !== undefined) out.push(sec('Tool input', null, pre(pretty(p.tool_input))));
  if (p.tool_response !== undefined) out.push(sec('Tool response', null, pre(typeof p.tool_response === 'string' ? p.tool_response : pretty(p.tool_response))));
  if (p.error !== undefined) out.push(sec('Error', null, pre(typeof p.error === 'string' ? p.error : pretty(p.error))));
  if (p.last_assistant_message !== undefined) out.push(sec('Last assistant message', null, pre(String(p.last_assistant_message))));
  out.push(sec('Payload', fmtBytes(jsonSize(p)), pre(pretty(p), 'tall'), !p.tool_input && p.prompt === undefined));
  return out;
}

function notice(r, f) {
  const rec = (f.rec && f.rec.json) || r.rec;
  return [h('div', { class: 'banner ' + (rec.level === 'error' ? 'bad' : 'warn') }, h('b', null, (rec.level || 'notice') + ': '), rec.message || ''), kv([['time', rec.ts], ['level', rec.level]]),
    rec.detail !== undefined ? sec('Detail', null, pre(typeof rec.detail === 'string' ? rec.detail : pretty(rec.detail))) : null];
}

export const RECORD_TABS = { raw, payload, notice };

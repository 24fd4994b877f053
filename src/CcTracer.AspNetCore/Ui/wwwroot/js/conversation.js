// The conversation view (beside the network list): each thread as prompts → assistant turns
// (thinking, text, tool calls) → tool results, subagents nested under the Agent call that started
// them, compactions marked. Built from the last call of each stretch between compactions (its request
// holds the conversation so far, its response the last turn). Every item links to its API call.
import { $, h, isObj, pretty } from './dom.js';
import { S } from './state.js';
import { bodyOf } from './blocks.js';
import { fetchRecord } from './detail.js';
import { onAnalysis, threadRows } from './analysis.js';
import { select } from './selection.js';
import { schedule } from './timeline.js';

const CLIP = 1500;
const clip = (t) => (t.length > CLIP ? t.slice(0, CLIP) + '… (' + (t.length - CLIP).toLocaleString() + ' more chars: open the call)' : t);
const textOf = (c) => (typeof c === 'string' ? c : Array.isArray(c) ? c.map((b) => (typeof b === 'string' ? b : b && b.type === 'text' ? b.text : b && b.type ? '[' + b.type + ']' : '')).join('\n') : pretty(c));

function item(kind, seq, head, body, extra) {
  return h('div', { class: 'ci k-' + kind, 'data-kind': kind, 'data-seq': seq != null ? seq : '' },
    h('div', { class: 'cih' }, h('span', { class: 'role' }, kind.replace('_', ' ')), head, seq != null ? h('button', { class: 'link', 'data-goto': seq, title: 'Open this API call' }, '#' + seq) : null, extra),
    body);
}

function hookLinks(id, events) {
  const rows = [...(S.byId.get(id) || [])].filter((r) => r.kind === 'hook' && (!events || events.includes(r.rec.event)));
  return rows.map((r) => h('button', { class: 'link hook', 'data-goto': r.seq, 'data-hook-seq': r.seq, title: 'Open the ' + r.rec.event + ' hook' }, r.rec.event + ' #' + r.seq));
}

async function load(r) {
  const [q, s] = await Promise.all([r.req ? fetchRecord(r.req.seq) : null, r.res ? fetchRecord(r.res.seq) : null]);
  const b = q && q.json ? bodyOf(q.json) : null;
  const m = s && s.json && isObj(s.json.message) ? s.json.message : null;
  return { messages: b && isObj(b.json) && Array.isArray(b.json.messages) ? b.json.messages : [], response: m };
}

function assistantItem(content, call, subs, depth) {
  const blocks = Array.isArray(content) ? content : [{ type: 'text', text: textOf(content) }];
  const kids = blocks.map((b) => {
    if (!isObj(b)) return null;
    if (b.type === 'thinking' || b.type === 'redacted_thinking') return h('details', { class: 'cthink' }, h('summary', null, 'thinking' + (b.thinking ? ' · ' + b.thinking.length.toLocaleString() + ' chars' : ' (omitted)')), b.thinking ? h('pre', { class: 'txt', text: clip(b.thinking) }) : null);
    if (b.type === 'text') return h('div', { class: 'ctext' }, clip(b.text || ''));
    if (b.type === 'tool_use' || b.type === 'server_tool_use') {
      const input = isObj(b.input) ? (b.input.command || b.input.file_path || b.input.pattern || b.input.prompt || b.input.description || pretty(b.input)) : String(b.input);
      const sub = subs.get(b.id);
      return h('div', { class: 'ctool', 'data-tool-use-id': b.id || '' }, h('b', null, b.name || '?'), ' ', h('span', { class: 'mono dim' }, clip(String(input)).slice(0, 300)), hookLinks(b.id, ['PreToolUse']),
        sub ? subagent(sub, depth + 1) : null);
    }
    if (b.type === 'compaction') return h('div', { class: 'ccompact' }, '⟲ compaction block: ', clip(b.content || ''));
    return h('div', { class: 'dim' }, '[' + b.type + ']');
  });
  return item('assistant', call ? call.req && call.req.seq : null, call ? h('span', { class: 'dim' }, call.model || '') : null, kids);
}

function subagent(t, depth) {
  const box = h('details', { class: 'sub', 'data-thread': t.id, open: depth < 3 },
    h('summary', null, h('span', { class: 'role' }, 'subagent'), ' ', h('b', null, t.agent_type || 'agent'), t.description ? ' · ' + t.description : '', ' ', h('span', { class: 'dim' }, (t.calls || []).length + ' calls' + (t.exact === false ? ' · inferred' : ''))),
    h('div', { class: 'note' }, 'Loading…'));
  thread(t.id, depth).then((kids) => box.replaceChildren(box.firstChild, ...kids));
  return box;
}

/** The items of one thread, in order. */
async function thread(id, depth) {
  const rows = threadRows(id).filter((r) => r.req);
  if (!rows.length) return [h('div', { class: 'note' }, 'No calls in this thread yet.')];
  const subs = new Map();
  for (const t of S.th.threads.values()) if (t.kind === 'subagent' && (t.parent || 'main') === id && t.tool_use_id) subs.set(t.tool_use_id, t);
  const cuts = ((S.th && S.th.compactions) || []).filter((c) => c.thread === id);
  const segments = [];
  let cur = [];
  for (const r of rows) { if (cuts.some((c) => c.after_seq === r.req.seq) && cur.length) { segments.push(cur); cur = []; } cur.push(r); }
  segments.push(cur);
  const out = [];
  const prompts = id === 'main' ? S.rows.filter((r) => r.kind === 'hook' && r.rec.event === 'UserPromptSubmit') : [];
  let promptNo = 0;
  for (let si = 0; si < segments.length; si++) {
    const seg = segments[si], last = seg[seg.length - 1];
    if (si > 0) {
      const c = cuts.find((x) => x.after_seq === seg[0].req.seq) || {};
      out.push(item('compaction', seg[0].req.seq, h('span', { class: 'dim' }, (c.trigger || '') + ' · ' + (c.source || '') + (c.tokens_before ? ' · ' + c.tokens_before.toLocaleString() + ' → ' + (c.tokens_after || 0).toLocaleString() + ' tokens' : '')), c.summary ? h('div', { class: 'ctext dim' }, clip(c.summary)) : null));
    }
    const { messages, response } = await load(last);
    let turns = 0;
    for (const m of messages) {
      if (!m) continue;
      const call = seg[Math.min(turns, seg.length - 1)];
      if (m.role === 'assistant') { out.push(assistantItem(m.content, call, subs, depth)); turns++; continue; }
      const blocks = Array.isArray(m.content) ? m.content : [{ type: 'text', text: textOf(m.content) }];
      // What Claude Code adds around the prompt (system messages, <system-reminder> blocks): there, but folded.
      const injected = blocks.filter((b) => isObj(b) && b.type === 'text' && (m.role !== 'user' || /^\s*<system-reminder>/.test(b.text || ''))).map((b) => b.text).join('\n\n');
      if (injected) out.push(h('details', { class: 'cinjected', 'data-kind': 'context' }, h('summary', null, (m.role === 'user' ? 'system reminder' : m.role + ' message') + ' · ' + injected.length.toLocaleString() + ' chars (added by Claude Code)'), h('pre', { class: 'txt', text: clip(injected) })));
      if (m.role !== 'user') continue;
      const text = blocks.filter((b) => isObj(b) && b.type === 'text' && !/^\s*<system-reminder>/.test(b.text || '')).map((b) => b.text).join('\n');
      if (text) {
        const hook = turns === 0 || blocks.every((b) => !isObj(b) || b.type !== 'tool_result') ? prompts[promptNo++] : null;
        out.push(item('prompt', call.req.seq, null, h('div', { class: 'ctext' }, clip(text)), hook ? h('button', { class: 'link hook', 'data-goto': hook.seq, 'data-hook-seq': hook.seq }, 'UserPromptSubmit #' + hook.seq) : null));
      }
      for (const b of blocks) {
        if (!isObj(b) || b.type !== 'tool_result') continue;
        out.push(item('tool_result', call.req.seq, h('span', { class: 'mono dim' }, (S.toolById.get(b.tool_use_id) || '') + ' ' + (b.is_error ? '· error' : '')),
          h('pre', { class: 'txt' + (b.is_error ? ' bad' : ''), text: clip(textOf(b.content)) }), hookLinks(b.tool_use_id, ['PostToolUse', 'PostToolUseFailure'])));
      }
    }
    if (response) out.push(assistantItem(response.content || [], last, subs, depth));
  }
  return out;
}

let token = 0, timer = 0;
export async function renderConversation() {
  const box = $('#conv');
  if (S.mode !== 'conversation') return;
  const tok = ++token;
  if (!S.th || !S.th.threads.size) { box.dataset.state = 'done'; box.replaceChildren(h('div', { class: 'note' }, S.sid ? 'No threads for this session (yet).' : 'No session.')); return; }
  box.dataset.state = 'loading';
  if (!box.childElementCount) box.replaceChildren(h('div', { class: 'note' }, 'Loading the conversation…'));
  const kids = await thread('main', 0).catch((e) => [h('div', { class: 'banner bad' }, 'Could not build the conversation: ' + e.message)]);
  if (tok !== token) return;
  const top = box.scrollTop;
  box.replaceChildren(h('div', { class: 'cthread', 'data-thread': 'main' }, kids));
  box.scrollTop = top;
  box.dataset.state = 'done';
}

export function setMode(mode) {
  S.mode = mode;
  for (const b of $('#views').children) b.classList.toggle('active', b.dataset.view === mode);
  const conv = mode === 'conversation';
  $('#conv').hidden = !conv; $('#timeline').hidden = conv; $('#thead').hidden = conv;
  $('#list').classList.toggle('conv', conv);
  if (conv) renderConversation(); else schedule();
}

export function wireConversation() {
  $('#views').addEventListener('click', (e) => { const b = e.target.closest('button[data-view]'); if (b) setMode(b.dataset.view); });
  onAnalysis(() => { if (S.mode === 'conversation') { clearTimeout(timer); timer = setTimeout(renderConversation, 300); } });
  $('#conv').addEventListener('click', (e) => {
    if (e.target.closest('summary')) return;
    const el = e.target.closest('[data-goto]') || e.target.closest('.ci[data-seq]');
    if (!el) return;
    const seq = +(el.dataset.goto || el.dataset.seq);
    const r = S.bySeq.get(seq);
    if (r) select(r);
  });
}

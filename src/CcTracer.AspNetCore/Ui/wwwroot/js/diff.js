// The Diff tab of Edit / MultiEdit / Write hooks. The diff itself is Core's (GET …/records/{seq}/diff):
// the page has no diff algorithm of its own. It says where the line numbers come from.
import { h, pre, pretty, isObj, parseJson } from './dom.js';
import { getJson, sessPath } from './api.js';
import { S } from './state.js';

const SOURCES = {
  structured_patch: ['note', 'Hunks and line numbers from Claude Code\'s structuredPatch (PostToolUse).'],
  original_file: ['note', 'Line numbers from the whole file (the originalFile in the PostToolUse response).'],
  new_file: ['banner', 'New file: this Write created it.'],
  snippet: ['banner warn', 'Only the edited snippet is known (no structuredPatch or originalFile in this hook): line numbers count from the start of the snippet, not the file.'],
  content_only: ['banner warn', 'Write: the previous content is not known (no PostToolUse response), so every line shows as added.'],
};

export function diffTab(r, f) {
  const rec = f.rec && f.rec.json;
  const p = rec && (rec.payload || (rec.payload_text && parseJson(rec.payload_text).v));
  const ti = p && p.tool_input;
  if (!isObj(ti)) return [h('div', { class: 'note' }, 'No tool_input to diff.')];
  const box = h('div', { 'data-diff-state': 'loading' }, h('div', { class: 'note' }, 'Loading the diff…'));
  loadDiff(r.seq).then((d) => {
    box.dataset.diffState = 'done';
    box.replaceChildren(...diffView(d, p));
  }, (e) => {
    box.dataset.diffState = 'error';
    box.replaceChildren(h('div', { class: 'note' }, 'No diff: ' + e.message), pre(pretty(ti)));
  });
  return [h('div', { class: 'banner' }, h('b', { class: 'mono' }, ti.file_path || ti.path || '(no file_path)'), '  ', h('span', { class: 'dim' }, p.tool_name)), box];
}

function loadDiff(seq) {
  const key = 'diff:' + S.sid + ':' + seq;
  if (!S.cache.has(key)) S.cache.set(key, getJson(sessPath(S.sid) + '/records/' + seq + '/diff').catch((e) => { S.cache.delete(key); throw e; }));
  return S.cache.get(key);
}

function diffView(d, p) {
  const [cls, text] = SOURCES[d.source] || ['note', 'Diff source: ' + d.source];
  const hint = d.source === 'snippet' && p.hook_event_name === 'PreToolUse' ? ' The PostToolUse row of this call has the file\'s line numbers.' : '';
  const out = [h('div', { class: cls, 'data-diff-source': d.source }, text + hint)];
  if (d.whole_replacement) out.push(h('div', { class: 'note' }, 'Too large for a line diff: every old line removed, every new line added.'));
  out.push(h('div', { class: 'legend diffstat' }, h('span', { class: 'bad' }, '−' + d.removed), h('span', { class: 'ok' }, '+' + d.added)));
  if (!d.hunks.length) { out.push(h('div', { class: 'note' }, 'No change.')); return out; }
  const rows = [];
  for (const hk of d.hunks) {
    rows.push(h('div', { class: 'hunk' }, h('span'), h('span'), h('span'), h('span', null, '@@ -' + hk.old_start + ',' + hk.old_count + ' +' + hk.new_start + ',' + hk.new_count + ' @@')));
    for (const l of hk.lines) {
      rows.push(h('div', { class: l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'ctx' }, h('span', null, l.old ?? ''), h('span', null, l.new ?? ''), h('span', null, l.op), h('span', null, l.text)));
      if (l.no_newline) rows.push(h('div', { class: 'ctx dim' }, h('span'), h('span'), h('span'), h('span', null, '\\ No newline at end of file')));
    }
  }
  out.push(h('div', { class: 'diff', 'data-diff': '' }, rows));
  return out;
}

// The session picker and loading a session's records (api/sessions, api/sessions/{id}/records).
import { $, h } from './dom.js';
import { getJson, sessPath } from './api.js';
import { fmtBytes, fmtDate } from './format.js';
import { S, resetSessionState } from './state.js';
import { ingest, resetFilterOptions } from './rows.js';
import { refilter, onSearchInput } from './filters.js';
import { schedule } from './timeline.js';
import { select, writeHash } from './selection.js';
import { closeDetail } from './detail.js';
import { onRecord } from './live.js';
import { loadAnalysis } from './analysis.js';

const clip = (t, n) => (t.length > n ? t.slice(0, n - 1) + '…' : t);

// "● live · fix the login bug · my-app · 12 turns · 1.2 MB · today 14:03": what tells sessions apart.
function sessionLabel(s) {
  const id = s.session_id;
  const what = s.first_prompt ? clip(s.first_prompt.replace(/\s+/g, ' ').trim(), 48) : (id.length > 22 ? id.slice(0, 8) + '…' + id.slice(-4) : id);
  const folder = s.cwd ? s.cwd.replace(/[\\/]+$/, '').split(/[\\/]/).pop() : '';
  const turns = s.turns != null ? s.turns + (s.turns === 1 ? ' turn' : ' turns') : '';
  return [s.active ? '● live' : (s.ended ? '○ ended' : '○'), what, folder, turns, fmtBytes(s.bytes), fmtDate(s.created || s.modified)].filter(Boolean).join('  ·  ');
}

const newestFirst = (a, b) => String(b.created || b.modified || '').localeCompare(String(a.created || a.modified || ''))
  || String(b.modified || '').localeCompare(String(a.modified || ''));

export function renderSessions() {
  const el = $('#sessions');
  S.sessions.sort(newestFirst);
  const opts = S.sessions.map((s) => {
    const o = new Option(sessionLabel(s), s.session_id);
    o.title = [s.session_id, s.cwd, s.first_prompt].filter(Boolean).join('\n');
    o.dataset.active = s.active ? 'true' : 'false';
    o.dataset.ended = s.ended ? 'true' : 'false';
    return o;
  });
  if (!opts.length) opts.push(new Option('No sessions yet', ''));
  el.replaceChildren(...opts);
  el.value = S.sid || '';
  el.disabled = !S.sessions.length;
}

/** Adds or updates a session in the picker's list; true when it was not known before. */
export function upsertSession(s) {
  if (!s || !s.session_id) return false;
  const i = S.sessions.findIndex((x) => x.session_id === s.session_id);
  if (i >= 0) S.sessions[i] = Object.assign(S.sessions[i], s); else S.sessions.push(s);
  return i < 0;
}

/** Keeps a session's picker facts current from its live records; true when its label changed. */
export function noteRecord(rec) {
  const s = S.sessions.find((x) => x.session_id === rec.session_id);
  if (!s) return false;
  const before = sessionLabel(s);
  if (rec.ts) { s.modified = rec.ts; if (!s.created) s.created = rec.ts; }
  s.bytes = (s.bytes || 0) + (rec.bytes || 0);
  if (rec.type === 'api_request') { s.turns = (s.turns || 0) + 1; if (!s.first_prompt && rec.preview) s.first_prompt = rec.preview; }
  if (rec.type === 'hook' && rec.event === 'SessionEnd') { s.ended = true; s.active = false; }
  if (rec.type === 'hook' && (rec.event === 'SessionStart' || rec.event === 'UserPromptSubmit')) { s.ended = false; s.active = true; }
  if (rec.type === 'hook' && rec.event === 'UserPromptSubmit' && rec.preview && !s.prompt_from_hook) { s.first_prompt = rec.preview; s.prompt_from_hook = true; }
  return sessionLabel(s) !== before;
}

/**
 * A session started while the page is open: say so and offer to switch; switch at once when the one
 * shown has ended (its Claude Code session is over, so the new one is what the user is watching).
 */
export function announceSession(s) {
  if (!S.sid) { loadSession(s.session_id); return; }
  if (s.session_id === S.sid) return;
  const current = S.sessions.find((x) => x.session_id === S.sid);
  const bar = $('#announce');
  bar.dataset.session = s.session_id;
  bar.hidden = false;
  if (current && current.ended) {
    bar.dataset.mode = 'switched';
    bar.replaceChildren(h('span', null, 'The session you were watching ended; now showing the new one.'), h('button', { id: 'announce-close', onclick: hideAnnouncement }, 'OK'));
    loadSession(s.session_id);
    return;
  }
  bar.dataset.mode = 'offer';
  bar.replaceChildren(h('span', null, 'A new Claude Code session started.'),
    h('button', { id: 'announce-switch', onclick: () => { hideAnnouncement(); loadSession(s.session_id); } }, 'Switch to it'),
    h('button', { id: 'announce-close', onclick: hideAnnouncement }, 'Dismiss'));
}

function hideAnnouncement() { const bar = $('#announce'); bar.hidden = true; delete bar.dataset.session; delete bar.dataset.mode; }

export async function loadSessions() {
  const list = await getJson('api/sessions');
  S.sessions = Array.isArray(list) ? list : [];
  S.error = null;
  renderSessions();
}

export async function loadSession(id, seq) {
  const tok = ++S.loadToken;
  resetSessionState(id);
  for (const el of S.els.values()) el.remove();
  S.els.clear();
  resetFilterOptions();
  closeDetail();
  $('#sessions').value = S.sid || '';
  writeHash();
  if (!S.sid) { schedule(); return; }
  S.loading = true; S.buffer = []; schedule();
  loadAnalysis(id);
  try {
    const recs = await getJson(sessPath(id) + '/records');
    if (tok !== S.loadToken) return;
    for (const s of recs) ingest(s);
  } catch (e) {
    if (tok !== S.loadToken) return;
    S.error = 'Loading session ' + id + ' failed: ' + e.message;
  }
  S.loading = false;
  const buf = S.buffer; S.buffer = [];
  for (const s of buf) onRecord(s);
  if (S.q) onSearchInput();
  refilter();
  if (seq != null) {
    const r = S.bySeq.get(seq);
    if (r) { S.follow = false; select(r, { scroll: true }); }
  }
  schedule();
}

export function wireSessions() {
  $('#sessions').addEventListener('change', (e) => loadSession(e.target.value));
}

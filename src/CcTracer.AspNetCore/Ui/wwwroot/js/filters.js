// Filters and search: the kind/event/tool/model/errors selects, the client-side text filter over
// row previews, and the debounced server full-text search (api/sessions/{id}/search).
import { $ } from './dom.js';
import { getJson, sessPath } from './api.js';
import { S } from './state.js';
import { schedule } from './timeline.js';
import { threadFilter } from './lanes.js';

function matches(r) {
  const kind = $('#f-kind').value, ev = $('#f-event').value, tool = $('#f-tool').value, model = $('#f-model').value;
  if (kind && r.kind !== kind) return false;
  if (ev && !(r.rec && r.rec.event === ev)) return false;
  if (tool) {
    const own = r.tools.includes(tool);
    if (!own && !r.ids.some((i) => S.toolById.get(i) === tool)) return false;
  }
  if (model && r.model !== model) return false;
  if ($('#f-errors').checked && !r.err) return false;
  if (!threadFilter(r)) return false;
  if (S.q) {
    if (r.hay.includes(S.q)) return true;
    if (S.serverSeqs && r.seqs.some((x) => S.serverSeqs.has(x))) return true;
    return false;
  }
  return true;
}

export function refilter() {
  S.view = S.rows.filter(matches);
  S.viewDirty = false;
  S.view.forEach((r, i) => { r.idx = i; });
}

let searchTimer = 0, searchToken = 0;
export function onSearchInput() {
  S.q = $('#search').value.trim().toLowerCase();
  S.serverSeqs = null;
  S.viewDirty = true; schedule();
  clearTimeout(searchTimer);
  if (!S.q || !S.sid) return;
  const q = S.q, sid = S.sid, tok = ++searchToken;
  searchTimer = setTimeout(async () => {
    try {
      const res = await getJson(sessPath(sid) + '/search?q=' + encodeURIComponent(q));
      if (tok !== searchToken || sid !== S.sid) return;
      S.serverSeqs = new Set(res.seqs || []);
      S.viewDirty = true; schedule();
    } catch (e) { /* the client-side filter still applies */ }
  }, 250);
}

export function clearFilters() {
  for (const s of ['#f-kind', '#f-event', '#f-tool', '#f-model', '#f-thread']) $(s).value = '';
  $('#f-errors').checked = false; $('#search').value = ''; onSearchInput();
}

export function wireFilters() {
  $('#search').addEventListener('input', onSearchInput);
  for (const s of ['#f-kind', '#f-event', '#f-tool', '#f-model', '#f-errors']) $(s).addEventListener('change', () => { S.viewDirty = true; schedule(); });
}

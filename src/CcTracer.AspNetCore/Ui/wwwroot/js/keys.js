// Keyboard navigation: Home/End (first/last row), ←/→ (detail tabs), [ / ] (previous/next call of
// the same thread — or, before threads are known, of the same kind), Enter / Shift+Enter in the
// search box (next/previous hit in the detail panel).
import { $ } from './dom.js';
import { S } from './state.js';
import { refilter } from './filters.js';
import { select } from './selection.js';
import { renderDetail, setTab } from './detail.js';
import { stepHit } from './hits.js';
import { threadOf } from './threads.js';

const typing = (el) => el && /INPUT|TEXTAREA|SELECT/.test(el.tagName);

/** What "the same thread" means for [ and ]: the call's thread, else its kind (and hook event). */
function laneKey(r) {
  if (r.kind === 'api') { const t = threadOf(r); return t ? 'thread:' + t.id : 'api'; }
  return r.kind + ':' + (r.rec && (r.rec.event || r.rec.type));
}

function sibling(dir) {
  if (S.viewDirty) refilter();
  const cur = S.selected;
  if (!cur) return null;
  const key = laneKey(cur);
  for (let i = S.view.indexOf(cur) + dir; i >= 0 && i < S.view.length; i += dir) if (laneKey(S.view[i]) === key) return S.view[i];
  return null;
}

export function wireKeys() {
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(document.activeElement)) return;
    const inBody = document.activeElement && document.activeElement.closest && document.activeElement.closest('#detail-body');
    if ((e.key === 'Home' || e.key === 'End') && !inBody) {
      if (S.viewDirty) refilter();
      if (!S.view.length) return;
      e.preventDefault();
      select(S.view[e.key === 'Home' ? 0 : S.view.length - 1], { scroll: true });
      $('#timeline').focus();
    } else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !$('#detail').hidden) {
      const tabs = [...$('#tabs').children].map((b) => b.dataset.tab);
      const i = tabs.indexOf(S.tab);
      if (i < 0) return;
      e.preventDefault();
      setTab(tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]);
    } else if (e.key === '[' || e.key === ']') {
      const r = sibling(e.key === ']' ? 1 : -1);
      if (r) { e.preventDefault(); select(r, { scroll: true }); }
    }
  });
  const search = $('#search');
  let t = 0;
  search.addEventListener('input', () => { clearTimeout(t); t = setTimeout(() => { if (!$('#detail').hidden) renderDetail(); }, 200); });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !$('#detail').hidden) { e.preventDefault(); stepHit($('#detail-body'), e.shiftKey ? -1 : 1); }
  });
}

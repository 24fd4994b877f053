// The session toolbar's Export menu: HAR, an HTML snapshot or a Markdown transcript of the session shown,
// optionally without content (api/sessions/{id}/export/{format}[?content=none], docs/http-api.md).
// Absent from an HTML snapshot, which has no server to export from.
import { $, h } from './dom.js';
import { api, sessPath } from './api.js';
import { S } from './state.js';

const FORMATS = [['har', 'Export HAR'], ['html', 'Export HTML'], ['md', 'Export Markdown']];

function download(format) {
  if (!S.sid) return;
  const noContent = $('#export-no-content').checked;
  const a = h('a', { href: api(sessPath(S.sid) + '/export/' + format + (noContent ? '?content=none' : '')), download: '' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  show(false);
}

// The menu's display is its style (a hidden attribute would lose to the grid layout).
function show(on) { const m = $('#export-menu'); if (m) m.style.display = on ? 'grid' : 'none'; }

function wire() {
  if (window.ccTracerSnapshot || $('#export')) return;
  const menu = h('div', { id: 'export-menu', role: 'menu', style: { position: 'fixed', zIndex: 20, display: 'none', gap: '4px', padding: '6px', background: 'var(--bg2)', border: '1px solid var(--line)', borderRadius: '4px' } },
    FORMATS.map(([f, label]) => h('button', { id: 'export-' + f, role: 'menuitem', onclick: () => download(f) }, label)),
    h('label', { class: 'chk', title: 'Keep structure, timings, token counts, sizes and hashes; drop every prompt, tool and response text' },
      h('input', { id: 'export-no-content', type: 'checkbox' }), ' Without content'));
  const button = h('button', { id: 'export', 'aria-haspopup': 'menu', title: 'Export this session to a file', onclick: (e) => {
    e.stopPropagation();
    const r = button.getBoundingClientRect();
    Object.assign(menu.style, { top: r.bottom + 2 + 'px', right: Math.max(4, innerWidth - r.right) + 'px' });
    show(menu.style.display === 'none');
  } }, 'Export ▾');
  menu.addEventListener('click', (e) => e.stopPropagation());
  document.addEventListener('click', () => show(false));
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') show(false); });
  $('#count').before(button);
  document.body.appendChild(menu);
}

wire();

// Search hits inside the detail panel: every occurrence of the search text is wrapped in <mark class="hit">,
// collapsed sections holding one are opened, and the first is scrolled into view.
import { S } from './state.js';

const MAX_HITS = 500;

/** Marks the hits in <body>; returns how many. <reveal>: scroll to the first one. */
export function markHits(body, reveal) {
  delete body.dataset.hits;
  const q = S.q;
  if (!q) return 0;
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest('button, select, option, mark') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const found = [];
  for (let n = walker.nextNode(); n && found.length < MAX_HITS; n = walker.nextNode()) if (n.data.toLowerCase().includes(q)) found.push(n);
  let count = 0;
  for (const node of found) {
    const text = node.data, lower = text.toLowerCase();
    const frag = document.createDocumentFragment();
    let at = 0;
    for (let i = lower.indexOf(q); i >= 0 && count < MAX_HITS; i = lower.indexOf(q, i + q.length)) {
      if (i > at) frag.append(text.slice(at, i));
      const m = document.createElement('mark');
      m.className = 'hit'; m.textContent = text.slice(i, i + q.length);
      frag.append(m);
      at = i + q.length; count++;
    }
    frag.append(text.slice(at));
    node.replaceWith(frag);
  }
  body.dataset.hits = count;
  if (!count) return 0;
  const first = body.querySelector('mark.hit');
  for (let d = first.parentElement.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
  if (reveal) { first.classList.add('cur'); first.scrollIntoView({ block: 'center', inline: 'nearest' }); }
  return count;
}

/** Moves the current hit forwards or backwards (Enter / Shift+Enter in the search box). */
export function stepHit(body, dir) {
  const all = [...body.querySelectorAll('mark.hit')];
  if (!all.length) return;
  const i = all.findIndex((m) => m.classList.contains('cur'));
  if (i >= 0) all[i].classList.remove('cur');
  const next = all[(i + dir + all.length) % all.length];
  for (let d = next.parentElement.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
  next.classList.add('cur');
  next.scrollIntoView({ block: 'center', inline: 'nearest' });
}

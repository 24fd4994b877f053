// The Diff tab of Edit / MultiEdit / Write hooks.
import { h, pre, pretty, isObj, parseJson } from './dom.js';

export function diffTab(r, f) {
  const rec = f.rec && f.rec.json;
  const p = rec && (rec.payload || (rec.payload_text && parseJson(rec.payload_text).v));
  const ti = p && p.tool_input;
  if (!isObj(ti)) return [h('div', { class: 'note' }, 'No tool_input to diff.')];
  const out = [h('div', { class: 'banner' }, h('b', { class: 'mono' }, ti.file_path || ti.path || '(no file_path)'), '  ', h('span', { class: 'dim' }, p.tool_name))];
  if (Array.isArray(ti.edits)) ti.edits.forEach((e, i) => { out.push(h('h3', { class: 'h' }, 'Edit ' + (i + 1) + ' of ' + ti.edits.length + (e.replace_all ? ' (replace_all)' : ''))); out.push(diffView(e.old_string || '', e.new_string || '')); });
  else if (typeof ti.old_string === 'string' || typeof ti.new_string === 'string') { if (ti.replace_all) out.push(h('div', { class: 'note' }, 'replace_all: every occurrence')); out.push(diffView(ti.old_string || '', ti.new_string || '')); }
  else if (typeof ti.content === 'string') { out.push(h('div', { class: 'note' }, 'Write: the new file content (the previous content is not captured).')); out.push(diffView('', ti.content)); }
  else out.push(h('div', { class: 'note' }, 'Nothing to diff in this tool_input.'), pre(pretty(ti)));
  return out;
}

// line diff (LCS); falls back to "all removed, all added" for very large inputs
function lineDiff(a, b) {
  const A = a === '' ? [] : a.split('\n'), B = b === '' ? [] : b.split('\n');
  let p = 0; while (p < A.length && p < B.length && A[p] === B[p]) p++;
  let sa = A.length, sb = B.length; while (sa > p && sb > p && A[sa - 1] === B[sb - 1]) { sa--; sb--; }
  const a2 = A.slice(p, sa), b2 = B.slice(p, sb), n = a2.length, m = b2.length;
  const out = [];
  for (let i = 0; i < p; i++) out.push([' ', A[i], i + 1, i + 1]);
  if (n * m > 4e6) {
    a2.forEach((l, i) => out.push(['-', l, p + i + 1, null])); b2.forEach((l, j) => out.push(['+', l, null, p + j + 1]));
  } else {
    const L = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = a2[i] === b2[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a2[i] === b2[j]) { out.push([' ', a2[i], p + i + 1, p + j + 1]); i++; j++; }
      else if (i < n && (j >= m || L[i + 1][j] >= L[i][j + 1])) { out.push(['-', a2[i], p + i + 1, null]); i++; }
      else { out.push(['+', b2[j], null, p + j + 1]); j++; }
    }
  }
  for (let k = 0; k < A.length - sa; k++) out.push([' ', A[sa + k], sa + k + 1, sb + k + 1]);
  return out;
}

function diffView(a, b) {
  const lines = lineDiff(a, b);
  const adds = lines.filter((l) => l[0] === '+').length, dels = lines.filter((l) => l[0] === '-').length;
  return h('div', null, h('div', { class: 'legend diffstat' }, h('span', { class: 'bad' }, '−' + dels), h('span', { class: 'ok' }, '+' + adds)),
    h('div', { class: 'diff', 'data-diff': '' }, lines.map(([op, text, ln, rn]) => h('div', { class: op === '+' ? 'add' : op === '-' ? 'del' : 'ctx' }, h('span', null, ln ?? ''), h('span', null, rn ?? ''), h('span', null, op), h('span', null, text)))));
}

// "Thôn còn thiếu": a team leader's village(s), what is still missing to each target and the monthly pace.
// Fetched when online and kept in IndexedDB (meta), so the screen opens offline with its "as of" date.
import { getMeta, setMeta } from './db.js';
import { T } from './strings.js';
import { api } from './sync.js';
import { esc } from './ui.js';

export async function loadGaps() {
  if (navigator.onLine) {
    try {
      const res = await api('/my-gaps/');
      if (res.ok) {
        const fresh = await res.json();
        await setMeta('gaps', fresh);
        return { data: fresh, stale: false };
      }
    } catch (err) { /* offline or refused: the last copy below */ }
  }
  return { data: await getMeta('gaps'), stale: true };
}

export async function renderGaps(root) {
  const { data, stale } = await loadGaps();
  if (!data) { root.innerHTML = `<h1>${T.gapsTitle}</h1><p class="hint">${T.gapsNone}</p>`; return; }
  const rows = (v) => v.gaps.map((g) => `
    <li class="rec gap" data-code="${esc(g.code)}" data-gap="${g.gap}" data-pace="${g.pace ?? ''}">
      <div class="rec-head"><strong>${esc(g.indicator)}</strong><span class="badge ${g.gap ? 'fix' : 'approved'}">${esc(g.target)}</span></div>
      <div class="who">${esc(g.gap_text)}</div>
      <div class="hint">${esc(T.gapAchieved(g.achieved, g.target_count, g.denominator))}${g.pace_text ? ` · ${esc(g.pace_text)}` : ''}</div>
    </li>`).join('');
  root.innerHTML = `<h1>${T.gapsTitle}</h1><p class="hint" id="gaps-asof">${esc(T.gapsAsOf(data.as_of))}${stale ? ` · ${T.gapsStale}` : ''}</p>
    ${data.villages.map((v) => `<section class="card" data-village="${v.id}"><h2>${esc(v.name)}</h2>
      ${v.gaps.length ? `<ul class="records">${rows(v)}</ul>` : `<p class="hint">${T.gapsNone}</p>`}</section>`).join('')}`;
}

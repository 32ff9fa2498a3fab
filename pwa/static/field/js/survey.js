// Citizen satisfaction by QR: a stock of survey tokens (with their QR drawn by the server) fetched while
// online and kept in IndexedDB; after a record is saved, one token is shown as a QR the citizen scans with
// their own phone. Which record it went with is queued and sent at the next sync.
import { getMeta, setMeta } from './db.js';
import { T } from './strings.js';
import { api } from './sync.js';
import { esc } from './ui.js';

const LOW = 10;
let stopped = false;

// Logging out: a top-up still in flight must not write the stock back after the wipe.
export function surveyStop() { stopped = true; }

export async function surveyStock() {
  return getMeta('surveyStock', []);
}

// Send the queued token → record links, then top the stock up when it runs low. Online only.
export async function surveySync() {
  let queue = await getMeta('surveyAttach', []);
  for (const link of [...queue]) {
    const res = await api('/survey-tokens/attach/', { method: 'POST', body: { token: link.token, record_uuid: link.record_uuid } });
    if (res.ok || res.status === 404) queue = queue.filter((l) => l.token !== link.token);
  }
  if (stopped) return;
  await setMeta('surveyAttach', queue);
  const stock = await surveyStock();
  if (stock.length >= LOW) return;
  const res = await api('/survey-tokens/', { method: 'POST', body: {} });
  if (!res.ok) return;
  const queued = new Set(queue.map((l) => l.token));
  const fresh = (await res.json()).tokens.filter((t) => !queued.has(t.token));
  if (stopped) return;
  await setMeta('surveyStock', fresh);
}

// Take one token for this record (offline too): it leaves the stock and its link waits in the queue.
export async function surveyTake(recordUuid) {
  const shown = (await getMeta('surveyAttach', [])).find((l) => l.record_uuid === recordUuid);
  if (shown) return shown;  // the same record's QR again (a reload), not a second token
  const stock = await surveyStock();
  const now = new Date().toISOString();
  const token = stock.find((t) => t.expires_at > now);
  if (!token) return null;
  await setMeta('surveyStock', stock.filter((t) => t.token !== token.token));
  await setMeta('surveyAttach', [...await getMeta('surveyAttach', []), { ...token, record_uuid: recordUuid }]);
  return token;
}

export async function renderSurveyQr(root, recordUuid) {
  const token = await surveyTake(recordUuid);
  if (!token) { root.innerHTML = `<h1>${T.surveyTitle}</h1><p class="hint">${T.surveyNoStock}</p><a class="btn wide" href="#/mine">${T.surveyDone}</a>`; return; }
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(token.svg)}`;
  root.innerHTML = `<h1>${T.surveyTitle}</h1><p class="hint">${T.surveyHint}</p>
    <img id="survey-qr" alt="QR" src="${esc(src)}" data-token="${esc(token.token)}" style="width:100%;max-width:22rem;background:#fff;display:block;margin:auto">
    <a class="btn wide" href="#/mine" id="survey-done">${T.surveyDone}</a>`;
}

// The field app: boots from the cache with or without network, routes between the screens, syncs.
import { get, getMeta, setMeta, wipe, write } from './db.js';
import { renderForm } from './form.js';
import { dueCount, followUps, renderFollowUps } from './followups.js';
import { renderGaps } from './gaps.js';
import { renderSurveyQr, surveyStock, surveyStop, surveySync } from './survey.js';
import { myRows, renderList } from './list.js';
import { monthCard } from './month.js';
import { pushState, pushSubscribe, pushUnsubscribe } from './push.js';
import { renderSession } from './session.js';
import { T } from './strings.js';
import { AuthError, api, csrfToken, pendingFor, resolveConflict, syncOutbox } from './sync.js';
import { $, $$, esc, toast } from './ui.js';

const MODULES = ['app.js', 'db.js', 'followups.js', 'form.js', 'gaps.js', 'list.js', 'month.js', 'push.js', 'scan.js', 'session.js', 'strings.js', 'survey.js', 'sync.js', 'ui.js'];
const SHELL_CACHE = 'cnscd-shell-v8';
const SYNC_EVERY_MS = 60_000;
const view = $('#view');
let me = null;
let authLost = false;

function goLogin() {
  location.href = `/login/?next=${encodeURIComponent('/app/')}`;
}

async function loadMe() {
  const stored = await getMeta('me');
  if (navigator.onLine) {
    try {
      const res = await api('/me/');
      if (res.ok) {
        const fresh = await res.json();
        if (stored && stored.user.username !== fresh.user.username) {
          // Another person signed in on this phone: the previous one's copies are not theirs to see.
          await write([{ store: 'mine', clear: true }, { store: 'meta', clear: true }]);
        }
        await setMeta('me', fresh);
        return fresh;
      }
    } catch (err) {
      if (err instanceof AuthError) { goLogin(); return null; }
    }
  }
  return stored;
}

async function cacheShell() {
  if (!('serviceWorker' in navigator) || !('caches' in window)) return;
  await navigator.serviceWorker.register('/serviceworker.js', { type: 'module', scope: '/' });
  await navigator.serviceWorker.ready;
  const here = new URL('./', import.meta.url);
  const links = $$('link[rel=stylesheet], link[rel=icon], link[rel=manifest]').map((l) => l.href);
  const cache = await caches.open(SHELL_CACHE);
  // The QR decoder too (never loaded before "Quét CCCD" is pressed), so that scanning works offline.
  await cache.addAll(['/app/', ...links, ...MODULES.map((m) => new URL(m, here).href), new URL('../vendor/jsqr.js', here).href]);
  document.documentElement.dataset.ready = 'offline';
}

async function refreshHeader() {
  const net = $('#net');
  net.textContent = navigator.onLine ? T.online : T.offline;
  net.className = `net ${navigator.onLine ? 'on' : 'off'}`;
  const waiting = me ? (await pendingFor(me.user.username)).length : 0;
  $('#pending').textContent = authLost ? T.sessionExpired : T.pendingCount(waiting);
  $('#pending').dataset.count = waiting;
}

async function doSync({ manual = false } = {}) {
  if (!me) return;
  if (!navigator.onLine) { if (manual) toast(T.syncFailed); return; }
  const btn = $('#sync-btn');
  btn.disabled = true; btn.textContent = T.syncing;
  try {
    const stats = await syncOutbox();
    authLost = false;
    await surveySync().catch(() => {});
    if (stats.conflict) toast(T.syncConflict(stats.conflict));
    else if (stats.invalid) toast(T.syncFix(stats.invalid));
    else if (manual || stats.sent) toast(T.syncDone(stats.sent));
  } catch (err) {
    if (err instanceof AuthError) { authLost = true; toast(T.sessionExpired); } else if (manual) toast(T.syncFailed);
  } finally {
    btn.disabled = false; btn.textContent = T.syncNow;
    await refreshHeader();
    if (/^(#\/?)?$|^#\/(mine|followups)$/.test(location.hash)) await route();  // lists and badges, never a form
  }
}

function askBackgroundSync() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready.then((reg) => reg.sync && reg.sync.register('outbox')).catch(() => {});
}

async function renderHome(current = () => true) {
  const services = me.service_types.filter((s) => !s.session_kind).map((s) => `<a class="big" href="#/new/${esc(s.code)}" data-service="${esc(s.code)}">${esc(s.short_name)}</a>`).join('');
  const due = dueCount(await followUps(me.user.username));
  // Returned by the officer (known since the last sync) or refused by the server: the member fixes them.
  const toFix = (await myRows(me.user.username)).filter((r) => r.state === 'fix').length;
  const month = await monthCard(me.user.username);
  if (!current()) return;  // another screen was opened meanwhile: this one is stale
  view.innerHTML = `${toFix ? `<a class="alert fix-alert" href="#/mine" id="to-fix" data-count="${toFix}">${esc(T.toFix(toFix))}</a>` : ''}
    <h1>${T.chooseService}</h1><div class="grid">${services}</div>
    <a class="btn secondary wide" href="#/followups" id="followups-link">${T.followUps}${due
      ? ` <span class="count" id="due-badge" data-count="${due}" aria-label="${esc(T.dueBadge(due))}">${due}</span>` : ''}</a>
    ${me.can_log_sessions ? `<a class="btn secondary wide" href="#/session">${T.sessionTitle}</a>` : ''}
    ${me.user.role === 'leader' ? `<a class="btn secondary wide" href="#/gaps" id="gaps-link">${T.gapsTitle}</a>` : ''}
    ${month}
    ${pushState(me) === 'ask' ? `<button type="button" class="btn secondary wide" id="push-btn">${T.pushAsk}</button>` : ''}`;
  const pushBtn = $('#push-btn');
  if (pushBtn) {
    pushBtn.onclick = async () => {
      const ok = await pushSubscribe(me, { ask: true }).catch(() => false);
      toast(ok ? T.pushOn : T.pushOff);
      pushBtn.remove();
    };
  }
}

let routeSeq = 0;

async function afterSave(next = '#/mine') {
  toast(navigator.onLine ? T.savedOnline : T.saved);
  if (location.hash === next) setTimeout(route);  // the same screen again (the next check-in): no hashchange
  location.hash = next;
  await refreshHeader();
  askBackgroundSync();
  doSync();
}

async function route() {
  if (!me) return;
  // A sync may re-render the list or home while the member opens a form: each screen renders only if its
  // route is still the newest one, so a slow, stale render never replaces the form being filled in.
  const seq = ++routeSeq;
  const current = () => seq === routeSeq;
  const parts = (location.hash.replace(/^#\/?/, '') || '').split('/');
  window.scrollTo(0, 0);
  $$('nav.bottom a').forEach((a) => a.classList.toggle('active', a.getAttribute('href') === `#/${parts[0]}`));
  if (parts[0] === 'new' && parts[1]) {
    const entry = await renderForm(view, me, { service: parts[1] });
    // Helped: the list then offers the citizen the satisfaction QR for this record (offline too).
    if (entry.body.outcome !== 'failed') await setMeta('surveyOffer', { uuid: entry.client_uuid, at: Date.now() });
    await afterSave();
  } else if (parts[0] === 'qr' && parts[1]) {
    await setMeta('surveyOffer', null);
    await renderSurveyQr(view, parts[1]);
  } else if (parts[0] === 'edit' && parts[1] === 'session' && parts[2]) {
    const found = await get('outbox', parts[2]);
    if (!found || found.kind !== 'session' || !me.can_log_sessions) { location.hash = '#/mine'; return; }
    await renderSession(view, me, found);
    await afterSave();
  } else if (parts[0] === 'edit' && parts[2]) {
    const found = await get(parts[1] === 'outbox' ? 'outbox' : 'mine', parts[2]);
    if (!found) { location.hash = '#/mine'; return; }
    await renderForm(view, me, parts[1] === 'outbox' ? { item: found } : { server: found });
    await afterSave();
  } else if (parts[0] === 'conflict' && parts[2]) {
    await resolveConflict(parts[2], parts[1] === 'mine' ? 'mine' : 'server');
    location.hash = '#/mine';
    await refreshHeader();
    if (parts[1] === 'mine') doSync();
  } else if (parts[0] === 'fix' && parts[1]) {
    // From a push notification: the record as the officer returned it (synced first when online).
    if (navigator.onLine) await doSync();
    location.hash = (await get('mine', parts[1])) ? `#/edit/mine/${parts[1]}` : '#/mine';
  } else if (parts[0] === 'checkin' && parts[1]) {
    // A citizen checked in at one of my sessions, waiting or sent; then the next one.
    const rows = await myRows(me.user.username);
    const row = rows.find((r) => r.kind === 'session' && r.uuid === parts[1]);
    if (!row) { location.hash = '#/mine'; return; }
    await renderForm(view, me, { checkIn: { client_uuid: row.uuid, kind: row.sessionKind, held_on: row.when,
      village: row.village, topic: row.title, count: row.checkedIn } });
    await afterSave(`#/checkin/${parts[1]}`);
  } else if (parts[0] === 'followups') {
    await renderFollowUps(view, me, current);
  } else if (parts[0] === 'followup' && parts[1]) {
    const first = (await followUps(me.user.username)).find((r) => r.uuid === parts[1]);
    if (!first) { location.hash = '#/followups'; return; }
    await renderForm(view, me, { followUp: first });
    await afterSave();
  } else if (parts[0] === 'gaps' && me.user.role === 'leader') {
    await renderGaps(view);
  } else if (parts[0] === 'mine') {
    await renderList(view, me, current);
    const offer = await getMeta('surveyOffer');
    if (offer && Date.now() - offer.at < 30 * 60_000 && (await surveyStock()).length && current()) {
      view.insertAdjacentHTML('afterbegin', `<a class="btn wide" id="survey-ask" href="#/qr/${esc(offer.uuid)}">${T.surveyAsk}</a>`);
    }
  } else if (parts[0] === 'session' && me.can_log_sessions) {
    await renderSession(view, me);
    await afterSave();
  } else {
    await renderHome(current);
  }
}

async function logout() {
  const waiting = me ? (await pendingFor(me.user.username)).length : 0;
  if (!window.confirm(waiting ? T.logoutWarn(waiting) : T.logoutConfirm)) return;
  await pushUnsubscribe();
  surveyStop();
  await wipe();
  if ('caches' in window) for (const key of await caches.keys()) if (key !== SHELL_CACHE) await caches.delete(key);
  const token = (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || '';
  const form = document.createElement('form');
  form.method = 'post'; form.action = '/logout/';
  form.innerHTML = `<input type="hidden" name="csrfmiddlewaretoken" value="${esc(token)}">`;
  document.body.append(form);
  form.submit();
}

async function start() {
  $$('[data-t]').forEach((el) => { el.textContent = T[el.dataset.t]; });
  me = await loadMe();
  if (!me) {
    if (!navigator.onLine) view.innerHTML = `<h1>${T.appName}</h1><p class="alert">${T.needFirstLogin}</p><a class="btn" href="/login/">${T.signIn}</a>`;
    else goLogin();
    return;
  }
  await csrfToken();  // for the service worker's Background Sync
  $('#who').textContent = me.user.display_name;
  $('#sync-btn').addEventListener('click', () => doSync({ manual: true }));
  $('#logout').addEventListener('click', logout);
  window.addEventListener('hashchange', route);
  window.addEventListener('online', () => { refreshHeader(); doSync(); });
  window.addEventListener('offline', refreshHeader);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (ev) => {
      if (ev.data && ev.data.open) location.hash = ev.data.open;  // a tapped notification, app already open
    });
    navigator.serviceWorker.addEventListener('message', (ev) => { if (ev.data === 'synced') { refreshHeader(); if (/^(#\/?)?$|^#\/(mine|followups)$/.test(location.hash)) route(); } });
  }
  setInterval(() => doSync(), SYNC_EVERY_MS);
  await refreshHeader();
  await route();
  document.documentElement.dataset.app = 'ready';
  cacheShell().catch(() => {});
  if (pushState(me) === 'on') pushSubscribe(me).catch(() => {});
  doSync();
}

start();

// "Tháng này của tôi": my month on the home screen, computed on the phone (offline) from the outbox and the
// server's copies of the last sync: records logged, approved, to fix, and distinct citizens helped.
import { all } from './db.js';
import { T } from './strings.js';

// The same person on this phone: name + birth year + CCCD's last digits (the number itself leaves after sync).
function personKey(c) {
  if (!c || !(c.full_name || c.cccd || c.cccd_last_digits)) return null;
  const tail = c.cccd_last_digits || (c.cccd ? String(c.cccd).slice(-4) : '');
  return `${(c.full_name || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim()}|${c.birth_year || ''}|${tail}`;
}

export async function myMonth(owner, now = new Date()) {
  const queued = (await all('outbox')).filter((it) => it.owner === owner && it.kind === 'record');
  const waiting = new Set(queued.map((it) => it.client_uuid));
  const recs = [
    ...queued.map((it) => ({ ...it.body, state: it.state === 'invalid' ? 'fix' : 'pending' })),
    ...(await all('mine')).filter((r) => r.owner === owner && !r.is_session && !waiting.has(r.client_uuid))
      .map((r) => ({ ...r, state: r.status === 'returned' ? 'fix' : r.status })),
  ];
  const byUuid = new Map(recs.map((r) => [r.client_uuid, r]));
  const inMonth = (r) => { const d = new Date(r.occurred_at); return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth(); };
  const month = recs.filter(inMonth);
  const people = new Set(month.map((r) => {
    // A return visit without a citizen helps its first visit's person; any other anonymous record, one person.
    const first = !personKey(r.citizen) && r.follows ? byUuid.get(r.follows) : null;
    return personKey(r.citizen) || (first && personKey(first.citizen)) || `r:${r.follows || r.client_uuid}`;
  }));
  return { logged: month.length, approved: month.filter((r) => r.state === 'approved').length,
    toFix: month.filter((r) => r.state === 'fix').length, people: people.size };
}

export async function monthCard(owner) {
  const m = await myMonth(owner);
  const cell = (key, n, label) => `<div data-stat="${key}"><strong>${n}</strong><span>${label}</span></div>`;
  return `<section class="card month" aria-labelledby="month-title"><h2 id="month-title">${T.myMonth}</h2><div class="stats">
    ${cell('logged', m.logged, T.mLogged)}${cell('approved', m.approved, T.mApproved)}
    ${cell('fix', m.toFix, T.mToFix)}${cell('people', m.people, T.mPeople)}</div></section>`;
}

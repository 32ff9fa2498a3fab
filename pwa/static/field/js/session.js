// A leader logs a training / outreach session: same outbox, same sync.
import { put } from './db.js';
import { T } from './strings.js';
import { $, options, pad, uuid4 } from './ui.js';

export function renderSession(root, me) {
  const d = new Date();
  root.innerHTML = `<form id="session-form" class="card">
    <h2>${T.sessionTitle}</h2>
    <label>${T.sessionKind}<select name="kind">${options(me.session_kinds, 'training')}</select></label>
    <label>${T.village}<select name="village">${options(me.villages.map((v) => ({ value: v.id, label: v.name })), me.default_village)}</select></label>
    <label>${T.date}<input type="date" name="held_on" required value="${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}"></label>
    <label>${T.topic}<input name="topic" required maxlength="200"></label>
    <label>${T.attendees}<input name="attendees" type="number" inputmode="numeric" min="1" required></label>
    <label class="check"><input type="checkbox" name="for_team_members"> ${T.forMembers}</label>
    <div class="row"><a class="btn secondary" href="#/">${T.cancel}</a><button class="btn" type="submit">${T.save}</button></div>
  </form>`;
  const form = $('#session-form', root);
  return new Promise((resolve) => form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!form.reportValidity()) return;
    const body = { client_uuid: uuid4(), kind: form.kind.value, village: Number(form.village.value),
      held_on: form.held_on.value, topic: form.topic.value.trim(), attendees: Number(form.attendees.value),
      for_team_members: form.for_team_members.checked };
    const entry = { client_uuid: body.client_uuid, kind: 'session', owner: me.user.username, body, state: 'pending',
      errors: null, saved_at: new Date().toISOString() };
    await put('outbox', entry);
    resolve(entry);
  }));
}

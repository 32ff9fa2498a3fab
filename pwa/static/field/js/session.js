// A leader logs a training / outreach session: same outbox, same sync. A session the server refused
// comes back here (item) with its errors, keeps its identifier and is sent again once fixed.
import { put } from './db.js';
import { T, labelledErrors } from './strings.js';
import { $, esc, localDay, options, uuid4 } from './ui.js';

function errorLines(errors) {
  return labelledErrors(errors).map((line) => `<p class="err">${esc(line)}</p>`).join('');
}

export function renderSession(root, me, item = null) {
  const today = localDay(new Date());
  const b = item ? item.body : { kind: 'training', village: me.default_village, held_on: today, topic: '', attendees: '' };
  root.innerHTML = `<form id="session-form" class="card">
    <h1>${T.sessionTitle}</h1>
    ${item && item.state === 'invalid' ? `<p class="alert">${esc(T.fixErrors)}</p>${errorLines(item.errors)}` : ''}
    <label>${T.sessionKind}<select name="kind">${options(me.session_kinds, b.kind)}</select></label>
    <label>${T.village}<select name="village">${options([
      ...(me.whole_commune_sessions ? [{ value: '', label: T.wholeCommune }] : []),
      ...me.villages.map((v) => ({ value: v.id, label: v.name }))], b.village === null ? '' : b.village)}</select></label>
    <label>${T.date}<input type="date" name="held_on" required max="${today}" value="${esc(b.held_on)}"></label>
    <label>${T.topic}<input name="topic" required maxlength="200" value="${esc(b.topic)}"></label>
    <label>${T.attendees}<input name="attendees" type="number" inputmode="numeric" min="1" max="100000" required value="${esc(b.attendees)}"></label>
    <label class="check"><input type="checkbox" name="for_team_members"${b.for_team_members ? ' checked' : ''}> ${T.forMembers}</label>
    <div class="row sticky"><a class="btn secondary" href="#/">${T.cancel}</a><button class="btn" type="submit">${T.save}</button></div>
  </form>`;
  const form = $('#session-form', root);
  return new Promise((resolve) => form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!form.reportValidity()) return;
    const body = { client_uuid: item ? item.client_uuid : uuid4(), kind: form.kind.value,
      village: form.village.value ? Number(form.village.value) : null, held_on: form.held_on.value, topic: form.topic.value.trim(),
      attendees: Number(form.attendees.value), for_team_members: form.for_team_members.checked };
    const entry = { client_uuid: body.client_uuid, kind: 'session', owner: me.user.username, body, state: 'pending',
      errors: null, saved_at: new Date().toISOString() };
    await put('outbox', entry);
    resolve(entry);
  }));
}

"""A team leader logs a group session (buổi tập huấn / tuyên truyền) on the phone with no network: it
waits in the outbox through a reload and reaches the server exactly once."""

from __future__ import annotations

import datetime
import json
from zoneinfo import ZoneInfo

import pytest

from outreach.models import GroupSession

from .test_offline_capture import cut_the_first_sync, local_dump, sign_in, wait_offline_ready

pytestmark = pytest.mark.browser

LEADER = "leader.chanhlo"
TOPIC = "Hướng dẫn kích hoạt VNeID mức 2 cho Chi hội Phụ nữ"


def today_in_vietnam() -> datetime.date:
    return datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def open_session_form(page):
    page.click("nav.bottom a[href='#/']")
    page.click("a[href='#/session']")
    form = page.locator("#session-form")
    form.locator("select[name=village] option").first.wait_for(state="attached")  # filled from IndexedDB
    return form


def village_choices(form) -> list[dict]:
    return form.locator("select[name=village] option").evaluate_all(
        "els => els.map(o => ({value: o.value, label: o.textContent, selected: o.selected}))")


def fill_session(form, *, held_on, village, kind, topic, attendees):
    form.locator("select[name=kind]").select_option(kind)
    form.locator("select[name=village]").select_option(village)
    form.locator("input[name=held_on]").fill(held_on.isoformat())
    form.locator("input[name=topic]").fill(topic)
    form.locator("input[name=attendees]").fill(str(attendees))
    form.locator("button[type=submit]").click()


def outbox(page) -> list[dict]:
    return json.loads(local_dump(page))["outbox"]


def wait_pending(page, count: int, timeout: float = 20_000):
    page.wait_for_function(f"() => document.querySelector('#pending').dataset.count === '{count}'", timeout=timeout)


def test_a_session_logged_offline_survives_a_reload_and_reaches_the_server_once(phone, transactional_db, demo):
    context = phone()
    page = context.new_page()
    sign_in(page, LEADER)
    wait_offline_ready(page)
    held_on = today_in_vietnam() - datetime.timedelta(days=3)

    context.set_offline(True)
    form = open_session_form(page)
    villages = village_choices(form)
    assert len(villages) > 1
    village = next(v for v in villages if not v["selected"])  # not the team's own village: a real choice
    fill_session(form, held_on=held_on, village=village["value"], kind="outreach", topic=TOPIC, attendees=37)
    page.wait_for_url("**/app/#/mine")
    wait_pending(page, 1)
    assert page.locator("#pending").inner_text() == "1 bản ghi chờ gửi"
    assert page.locator("#toast").text_content() == "Đã lưu trên máy — sẽ tự gửi khi có mạng."
    queued = page.locator("li.rec[data-kind='session'][data-state='pending']")
    assert f"Buổi tuyên truyền: {TOPIC}" in queued.inner_text() and "Chờ gửi" in queued.inner_text()
    assert f"{held_on:%d/%m/%Y} · {village['label']}" in queued.inner_text()

    page.reload()  # still offline: the service worker serves the shell, IndexedDB still holds the session
    page.wait_for_function("() => document.documentElement.dataset.app === 'ready'")
    assert page.locator("#net").inner_text() == "Không có mạng"
    wait_pending(page, 1)
    assert page.locator("li.rec[data-kind='session'][data-state='pending']").count() == 1
    [entry] = outbox(page)
    assert entry["kind"] == "session" and entry["owner"] == LEADER and entry["state"] == "pending"
    assert entry["body"] == {"client_uuid": entry["client_uuid"], "kind": "outreach", "village": int(village["value"]),
                             "held_on": held_on.isoformat(), "topic": TOPIC, "attendees": 37,
                             "for_team_members": False}

    context.set_offline(False)  # the app sends on its own when the network returns
    wait_pending(page, 0, timeout=30_000)
    assert outbox(page) == []
    # Sent, it stays listed like a sent record (it used to vanish: "Chưa có bản ghi nào").
    sent = page.locator("li.rec[data-kind='session'][data-state='sent']")
    sent.wait_for()
    assert f"Buổi tuyên truyền: {TOPIC}" in sent.inner_text() and "Đã gửi" in sent.inner_text()
    assert f"{held_on:%d/%m/%Y} · {village['label']}" in sent.inner_text()
    assert "Chưa có bản ghi nào" not in page.locator("#view").inner_text()
    page.click("#sync-btn")  # and a second sync, by hand, sends nothing again
    page.wait_for_function("() => document.querySelector('#toast').textContent === 'Đã gửi 0 bản ghi.' && "
                           "!document.querySelector('#sync-btn').disabled")
    page.goto("/app/#/mine")  # a fresh start lists it from the server's copy, still as sent
    page.wait_for_function("() => document.documentElement.dataset.app === 'ready'")
    page.locator("li.rec[data-kind='session'][data-state='sent']").wait_for()
    assert page.locator("li.rec").count() == 1
    context.close()

    session = GroupSession.objects.select_related("village", "team", "created_by").get()
    assert str(session.client_uuid) == entry["client_uuid"]
    assert (session.held_on, session.village.name, session.kind, session.topic, session.attendees,
            session.for_team_members) == (held_on, village["label"], "outreach", TOPIC, 37, False)
    assert session.created_by.username == LEADER and session.team_id == session.created_by.team_id
    assert session.commune_id == session.village.parent_id


def test_a_session_sync_cut_after_the_server_saved_it_is_resent_and_not_doubled(phone, transactional_db, demo):
    context = phone(service_workers="block")  # only the page syncs, so every request meets the route below
    page = context.new_page()
    calls = cut_the_first_sync(page, server_saves=True)
    sign_in(page, LEADER)
    form = open_session_form(page)
    village = village_choices(form)[0]["value"]
    fill_session(form, held_on=today_in_vietnam(), village=village, kind="training", topic="Kỹ năng số cho tổ viên",
                 attendees=12)
    page.wait_for_function("() => !document.querySelector('#sync-btn').disabled && "
                           "document.querySelector('#pending').dataset.count === '1'")
    assert len(calls) == 1 and len(calls[0]["sessions"]) == 1
    assert len(outbox(page)) == 1  # nothing confirmed, so nothing left the outbox

    page.click("#sync-btn")
    wait_pending(page, 0)
    assert outbox(page) == []
    context.close()

    assert len(calls) == 2 and calls[1]["sessions"] == calls[0]["sessions"]
    session = GroupSession.objects.get()
    assert str(session.client_uuid) == calls[0]["sessions"][0]["client_uuid"]
    assert (session.kind, session.attendees, session.held_on) == ("training", 12, today_in_vietnam())


def test_a_session_the_server_refuses_is_shown_fixed_on_the_phone_and_sent_again(phone, transactional_db, demo):
    """A cheap phone's clock runs five days ahead: the form's "today" is the server's future. The refused
    session must not sit unseen in the outbox for ever: it is listed as "cần sửa" with the server's reason,
    the leader fixes the date and it is sent with the same identifier."""
    from django.utils.translation import gettext, override

    with override("vi"):
        refused_because = gettext("The date cannot be in the future.")
    real_today = today_in_vietnam()
    phone_today = real_today + datetime.timedelta(days=5)
    context = phone(service_workers="block")
    page = context.new_page()
    page.clock.set_fixed_time(datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) + datetime.timedelta(days=5))
    sign_in(page, LEADER)

    form = open_session_form(page)
    assert form.locator("input[name=held_on]").input_value() == phone_today.isoformat()
    fill_session(form, held_on=phone_today + datetime.timedelta(days=1), village=village_choices(form)[0]["value"],
                 kind="training", topic="Họp tổ tháng", attendees=9)
    assert page.evaluate("() => location.hash") == "#/session"  # after the phone's today: not even queued
    assert outbox(page) == []
    form.locator("input[name=held_on]").fill(phone_today.isoformat())
    form.locator("button[type=submit]").click()

    refused = page.locator("li.rec[data-kind='session'][data-state='fix']")
    refused.wait_for()
    assert "Họp tổ tháng" in refused.inner_text() and f"Ngày: {refused_because}" in refused.inner_text()
    wait_pending(page, 1)
    [entry] = outbox(page)
    assert entry["state"] == "invalid"

    refused.locator("a.btn").click()
    form = page.locator("#session-form")
    assert refused_because in form.inner_text()
    assert form.locator("input[name=topic]").input_value() == "Họp tổ tháng"
    form.locator("input[name=held_on]").fill(real_today.isoformat())
    form.locator("button[type=submit]").click()
    wait_pending(page, 0)
    page.locator("li.rec[data-kind='session'][data-state='sent']").wait_for()  # sent: the refusal is gone
    assert page.locator("li.rec").count() == 1 and "Ngày:" not in page.locator("li.rec").inner_text()
    context.close()

    session = GroupSession.objects.get()
    assert str(session.client_uuid) == entry["client_uuid"]
    assert (session.held_on, session.topic, session.attendees, session.kind) == (real_today, "Họp tổ tháng", 9,
                                                                                  "training")

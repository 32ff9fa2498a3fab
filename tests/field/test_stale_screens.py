"""A slow screen render that is no longer wanted never replaces the one the member has opened since.

Under load, a sync's re-render of the home screen could finish after the member had opened a form, and put
the home screen back over it (a CI run lost a record form that way). IndexedDB reads are slowed here so
that the stale render lands after the form."""

from __future__ import annotations

import pytest

from .test_offline_capture import sign_in, wait_offline_ready

pytestmark = pytest.mark.browser

# getAll (the lists and the home screen's counts) answers 0.4 s late once window.__slowGetAll is set;
# get (the form's last-used village) stays fast.
SLOW_GET_ALL = """
window.__slowGetAll = 0;
const realGetAll = IDBObjectStore.prototype.getAll;
const onsuccess = Object.getOwnPropertyDescriptor(IDBRequest.prototype, 'onsuccess');
IDBObjectStore.prototype.getAll = function (...args) {
  const req = realGetAll.apply(this, args);
  const delay = window.__slowGetAll;
  if (delay) {
    Object.defineProperty(req, 'onsuccess', { configurable: true, get() { return onsuccess.get.call(req); },
      set(fn) { onsuccess.set.call(req, (e) => setTimeout(() => fn.call(req, e), delay)); } });
  }
  return req;
};
"""


def test_a_stale_home_screen_does_not_replace_the_form_opened_since(phone, transactional_db, demo):
    context = phone()
    context.add_init_script(SLOW_GET_ALL)
    page = context.new_page()
    sign_in(page)
    wait_offline_ready(page)
    page.click("nav.bottom a[href='#/']")
    page.locator("a.big[data-service='dvctt']").wait_for()

    # A sync has just finished on the home screen: it renders again, slowly; the member opens a form at once.
    page.evaluate("() => { window.__slowGetAll = 400; window.dispatchEvent(new HashChangeEvent('hashchange')); }")
    page.click("a.big[data-service='dvctt']")
    page.locator("#record-form textarea[name=note]").wait_for()
    page.wait_for_timeout(6000)  # the stale home render (a dozen slowed reads at most) has finished by now
    assert page.locator("#record-form").count() == 1, "the form was replaced by a stale screen"
    assert page.evaluate("() => location.hash") == "#/new/dvctt"
    page.fill("textarea[name=note]", "Vẫn là biểu mẫu")

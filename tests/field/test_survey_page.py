"""The citizen's side on a 360-px phone: the public page, no login and no JavaScript needed, one tap."""

from __future__ import annotations

import pytest

from accounts.models import User
from satisfaction.models import SurveyAnswer
from satisfaction.services import tokens_issue

pytestmark = pytest.mark.browser


def test_a_citizen_answers_with_one_tap_on_a_360_px_phone(phone, transactional_db, demo):
    token = tokens_issue(member=User.objects.get(username="member.chanhlo"))[0].token
    context = phone(java_script_enabled=False)  # a plain form: works with JavaScript off
    page = context.new_page()
    response = page.goto(f"/y-kien/{token}/")
    assert response.status == 200
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # nothing wider than the screen
    happy = page.locator("button[name=rating][value=happy]")
    box = happy.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 300  # a big target for a thumb
    page.fill("textarea[name=comment]", "Các cháu hướng dẫn rất nhiệt tình")
    happy.click()
    page.locator("p.msg", has_text="Cảm ơn bạn").wait_for()
    answer = SurveyAnswer.objects.get()
    assert (answer.rating, answer.comment) == ("happy", "Các cháu hướng dẫn rất nhiệt tình")
    page.goto(f"/y-kien/{token}/")
    assert page.locator("p.msg", has_text="đã được trả lời").count() == 1
    assert page.locator("button[name=rating]").count() == 0

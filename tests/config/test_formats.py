"""Vietnamese number and date style, as the reports write it: 47.351; 33,44; 27/11/2023."""

import datetime

from django.template import Context, Template
from django.utils import translation


def test_numbers_and_dates_are_written_the_vietnamese_way():
    with translation.override("vi"):
        out = Template(
            "{% load humanize l10n %}{{ n|intcomma }}|{{ p|floatformat:2 }}|{{ d|date:'SHORT_DATE_FORMAT' }}|{{ n }}"
        ).render(Context({"n": 47351, "p": 33.44, "d": datetime.date(2023, 11, 27)}))
    assert out == "47.351|33,44|27/11/2023|47.351"


def test_pages_are_vietnamese_even_for_an_english_browser_until_english_is_chosen(client, db):
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    assert "Đăng nhập" in client.get("/login/", **english_browser).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "Sign in" in client.get("/login/", **english_browser).content.decode()

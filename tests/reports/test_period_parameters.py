"""One reading of the period parameters for the dashboard, the printable report and every export.

Before issue 18 the same query could be a 200 on the dashboard and a 500 in the XLSX (as of 31/12/9999),
or silently fall back to "as of today" (a range with one end missing).
"""

from __future__ import annotations

import pytest

PAGES = ["", "print/", "export.xlsx", "export.csv?table=indicators", "export.csv?table=services",
         "export.csv?table=villages", "export.csv?table=teams", "export.csv?table=sessions",
         "export.csv?table=records"]
BAD = [
    {"asof": "9999-12-31"}, {"asof": "30/02/2025"}, {"asof": "2025-02-30"}, {"asof": "0001-01-01"},
    {"asof": "hôm qua"}, {"asof": "²⁰²⁵-01-01"}, {"from": "2025-01-01", "to": "9999-12-31"},
    {"from": "2025-01-01"}, {"to": "2025-01-01"}, {"from": "2025-03-01", "to": "2025-01-01"},
    {"period": "²⁰²⁵"}, {"period": "2025-13"}, {"period": "2025-00"}, {"period": "9999"}, {"period": "x" * 5000},
]
GOOD = [{}, {"period": "today"}, {"period": "2025"}, {"period": "2025-H1"}, {"period": "2025-q3"},
        {"period": "2025-07"}, {"asof": "2025-11-27"}, {"asof": "27/11/2025"}, {"asof": "２０２５-１１-２７"},
        {"from": "2025-01-01", "to": "2025-06-30"}, {"from": "01/01/2025", "to": "30/06/2025"}]


def fetch(client, unit, page, query):
    response = client.get(f"/reports/u/{unit}/{page}", query)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


@pytest.mark.parametrize("query", BAD, ids=[str(q)[:40] for q in BAD])
def test_a_bad_period_gets_the_same_400_and_message_everywhere(web, user, query):
    client, unit = web("officer.chanhlo"), user("officer.chanhlo").unit_id

    answers = {page: fetch(client, unit, page, query) for page in PAGES}

    assert {status for status, _b in answers.values()} == {400}, answers.keys()
    messages = {body.decode().split('<p role="alert">')[1].split("</p>")[0] for _s, body in answers.values()}
    assert len(messages) == 1, messages  # the same words on every page and export


@pytest.mark.parametrize("query", GOOD, ids=[str(q)[:40] for q in GOOD])
def test_a_good_period_is_read_the_same_everywhere(web, user, query):
    client, unit = web("officer.chanhlo"), user("officer.chanhlo").unit_id

    statuses = {page: fetch(client, unit, page, query)[0] for page in PAGES}

    assert set(statuses.values()) == {200}, statuses


def test_an_unknown_csv_table_is_a_400_that_names_the_tables(web, user):
    response = web("officer.chanhlo").get(f"/reports/u/{user('officer.chanhlo').unit_id}/export.csv",
                                          {"table": "users"})
    assert response.status_code == 400
    assert "Bảng: “users” không thuộc các giá trị indicators, services" in response.content.decode()


def test_the_error_page_offers_the_way_back_without_the_bad_query(web, user):
    unit = user("officer.chanhlo").unit_id
    page = web("officer.chanhlo").get(f"/reports/u/{unit}/", {"asof": "9999-12-31"}).content.decode()
    assert f'href="/reports/u/{unit}/"' in page

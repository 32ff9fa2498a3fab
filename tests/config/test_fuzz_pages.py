"""A fuzz net over every page and export (issue 18): no input, from any role, makes the server fail.

The API is fuzzed from its schema in test_fuzz_api.py. Here the URL resolver gives every other route
(the same walk as tests/accounts/test_permissions.py, so a new page is covered without a word here):
- every route × every role gets a GET with hostile values in each query parameter it reads, then random
  queries drawn by Hypothesis;
- every form is posted by the role that may use it, with hostile and plausible values drawn by Hypothesis.
Each answer must be below 500 with nothing logged at ERROR and no traceback left in the log; a refused
write (4xx, or the form shown again, or an error message) must not write to the project's tables (the
GETs, none at all); whatever was accepted must be stored as clean text (NFC, no control, zero-width or
bidi characters).

Bounded: a fixed number of cases, derandomised; the whole file takes well under two minutes per database.
The number of requests sent is printed (-s) as "fuzz: N requests in S s".
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.messages import ERROR, get_messages
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.models import User
from edge.logs import ClientErrorsWithoutTraceback
from indicators.models import Indicator
from tests.accounts.test_permissions import ROUTES, Side, build_url, snapshot
from tests.review_factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_passwords")

ACTORS = [None, "member.chanhlo", "leader.chanhlo", "officer.chanhlo", "viewer.quangngai", "admin"]

# Values a careless user, a buggy client or a hostile one puts in a field. Raw percent-encoded bytes
# (invalid UTF-8) are sent as they are; everything else is quoted.
HOSTILE = [
    "", "²⁰²⁵", "２０２５", "9999-12-31", "31/12/9999", "2025-02-30", "2025-01-01T25:61:00", "2025-13", "-1",
    "99999999999999999999999", "1e309", "NaN", "true", "x" * 5000, "a\x00b", "\u202egnp.exe",
    "Nguye\u0302\u0303n\u200b", "💥", "<script>alert(1)</script>", "' OR 1=1 --", "47.351",
    "00000000-0000-0000-0000-000000000000", "%ff%fe", "%ED%A0%80",
]
RAW = {"%ff%fe", "%ED%A0%80"}

# The query parameters the pages read, by route name prefix; admin lists get theirs from the ModelAdmin.
PARAMS = {
    "reports:": ["period", "asof", "from", "to", "table"],
    "review:records": ["q", "village", "team", "member", "service_type", "outcome", "status", "date_from",
                       "date_to", "page"],
    "review:audit": ["actor", "action", "object_type", "object", "date_from", "date_to", "page"],
    "review:figures": ["year"],
    "review:record-photo": ["thumb"],
    "api-records": ["mine", "status", "updated_since", "page", "format"],
    "login": ["next"],
}
COMMON = ["page", "next", "format", "q"]

# Every field name the project's forms (and the admin's) read, with plausible values beside the hostile ones.
FORM_FIELDS = [
    "reason", "role", "days", "unit", "name", "decision_ref", "established_on", "m-username", "m-password1",
    "m-password2", "m-role", "m-first_name", "m-last_name", "m-position", "username", "password", "password1",
    "password2", "first_name", "last_name", "year", "kind", "value", "source_note", "indicator", "as_of",
    "comparison", "percent", "uuids", "query", "next", "language",
]


def admin_params(name: str) -> list[str]:
    """The query parameters of an admin change list: search, order, page, its filters and date drill-down."""
    out = ["q", "o", "p", "e"]
    for model, model_admin in admin.site._registry.items():
        if name != f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist":
            continue
        for entry in model_admin.list_filter:
            field = entry[0] if isinstance(entry, tuple) else entry
            if isinstance(field, str):
                out += [f"{field}__exact", f"{field}__id__exact", f"{field}__isnull"]
        if model_admin.date_hierarchy:
            out += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return out


def params_for(name: str) -> list[str]:
    if name.startswith("admin:"):
        return admin_params(name)
    for prefix, names in PARAMS.items():
        if name.startswith(prefix):
            return names
    return COMMON


def encode(value: str) -> str:
    return value if value in RAW else quote(value.encode("utf-8", "surrogatepass"), safe="")


def query(pairs) -> str:
    return "&".join(f"{quote(k)}={encode(v)}" for k, v in pairs)


# ---------------------------------------------------------------- the world and the net's checks


class ErrorLog(logging.Handler):
    """What the console would show: records at ERROR, and tracebacks left after the project's log filter."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.addFilter(ClientErrorsWithoutTraceback())
        self.records, self.tracebacks = [], []

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.records.append(record)
        elif record.exc_info and record.levelno >= logging.WARNING:
            self.tracebacks.append(record.getMessage())


@pytest.fixture
def net(demo):
    """The own commune's objects (so pages open, not 404), a client per role, and the error log."""
    side = Side("member.chanhlo", "Hồ Thị Lướiđánh", "QNG-FUZZ-0001")
    clients = {}
    for actor in ACTORS:
        client = Client()
        if actor:
            client.force_login(User.objects.get(username=actor))
        clients[actor] = client
    log = ErrorLog()
    logging.getLogger().addHandler(log)
    started, counter = time.monotonic(), {"n": 0}
    yield {"side": side, "clients": clients, "log": log, "count": counter}
    logging.getLogger().removeHandler(log)
    print(f"fuzz: {counter['n']} requests in {time.monotonic() - started:.1f} s")


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)[:200].decode("utf-8", "replace")
    return response.content[:200].decode("utf-8", "replace")


def sent(net, method: str, client: Client, url: str, **kwargs):
    net["count"]["n"] += 1
    response = getattr(client, method)(url, **kwargs)
    body_of(response)  # a streamed export fails while it streams: read it
    assert response.status_code < 500, f"{method.upper()} {url[:300]}: {response.status_code}"
    assert not net["log"].records, f"{method.upper()} {url[:300]}: logged {net['log'].records[0].getMessage()}"
    assert not net["log"].tracebacks, f"{method.upper()} {url[:300]}: traceback {net['log'].tracebacks[0]}"
    return response


def routes(kind: str):
    for name, params in ROUTES:
        if kind == "admin" and name.startswith("admin:") or kind == "site" and not name.startswith("admin:"):
            yield name, params


# ---------------------------------------------------------------- GET: every route, every role, hostile queries


def test_every_page_and_export_survives_hostile_query_values(net):
    """Each route as each role, first with every parameter the page reads hostile at once. A role that
    reaches the view (200, or a 400 that read the query) first then sends every hostile value, one parameter
    at a time in turn. Roles refused at the door (redirect, 403, 404, 405) and pages that read no parameter
    stop at the first query.
    """
    before = snapshot(None)
    for name, params in routes("site"):
        url, _owned = build_url(name, params, net["side"])
        names = params_for(name)
        first = True
        for i, actor in enumerate(ACTORS):
            client = net["clients"][actor]
            hostile = [(p, HOSTILE[(k + i) % len(HOSTILE)]) for k, p in enumerate(names)]
            if sent(net, "get", client, f"{url}?{query(hostile)}").status_code not in (200, 400) or names is COMMON:
                continue
            if first:
                for k, value in enumerate(HOSTILE):
                    sent(net, "get", client, f"{url}?{query([(names[k % len(names)], value)])}")
            first = False
    assert snapshot(None) == before


def test_every_admin_list_survives_hostile_filters(net):
    """Each change list's filters, search, ordering and page, one hostile value each and all at once; and a
    forged reference field on the other admin pages (Django raises SuspiciousOperation: a one-line 400)."""
    client = net["clients"]["admin"]
    for name, params in routes("admin"):
        url, _owned = build_url(name, params, net["side"])
        if not name.endswith("_changelist"):
            if name.endswith(("_add", "index")):
                sent(net, "get", client, f"{url}?{query([('_changelist_filters', 'q=%00'), ('_to_field', 'x')])}")
            continue
        names = params_for(name)
        for k, param in enumerate(names):
            sent(net, "get", client, f"{url}?{query([(param, HOSTILE[(3 * k) % len(HOSTILE)])])}")
        sent(net, "get", client, f"{url}?{query([(p, '99999999999999999999999') for p in names])}")


@pytest.mark.parametrize("actor", ["officer.chanhlo", "viewer.quangngai", "member.chanhlo"])
def test_random_queries_on_every_page(net, actor):
    site = [(n, build_url(n, p, net["side"])[0]) for n, p in routes("site")]
    names = sorted({p for n, _u in site for p in params_for(n)})

    @hypothesis_settings(max_examples=40, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck))
    @given(route=st.sampled_from(site),
           pairs=st.lists(st.tuples(st.sampled_from(names), st.one_of(
               st.sampled_from(HOSTILE), st.text(max_size=20), st.integers().map(str),
               st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()))), max_size=6))
    def one(route, pairs):
        sent(net, "get", net["clients"][actor], f"{route[1]}?{query(pairs)}")

    one()


# ---------------------------------------------------------------- POST: every form, hostile and plausible values


def plausible(side) -> dict[str, list[str]]:
    indicator = Indicator.objects.filter(is_active=True).first()
    return {
        "unit": [str(side.village.pk), str(side.commune.pk)], "indicator": [str(indicator.pk)],
        "role": ["member", "leader", "officer"], "m-role": ["member", "leader"], "days": ["7", "30", "31"],
        "kind": ["population", "households", "adults_18"], "comparison": ["gte", "gt"],
        "year": ["2031", "2.031", "２０３１"], "value": ["47.351", "47,351", "1"], "percent": ["33,44", "101"],
        "as_of": ["2031-01-01", "01/01/2031"], "established_on": ["2031-01-01", "31/12/9999"],
        "uuids": [str(side.record.client_uuid)], "language": ["vi", "en", "fr"], "query": ["status=submitted"],
    }


def clean_strings():
    """Every text column of the project's models holds clean text after the net's writes."""
    dirty = []
    for model in apps.get_models():
        if model._meta.app_label not in {"accounts", "teams", "records", "citizens", "outreach", "indicators"}:
            continue
        fields = [f.name for f in model._meta.fields if isinstance(f, models.CharField | models.TextField)
                  and f.name not in {"password"}]
        for row in model.objects.values_list(*fields):
            for value in row:
                if isinstance(value, str) and (not unicodedata.is_normalized("NFC", value) or any(
                        unicodedata.category(ch) in {"Cc", "Cf", "Cs"} and ch not in "\n\t" for ch in value)):
                    dirty.append((model.__name__, value[:60]))
    return dirty


# A write to the project's data; sign-in bookkeeping (sessions, the lock-out's log) does not count.
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(?!django_session\b|axes_)\w', re.IGNORECASE)


def refused(response) -> bool:
    if response.status_code >= 400 or response.status_code == 200:
        return True  # an error, or the form shown again with its errors
    # The messages this request added (not those earlier redirects left unread in the cookie).
    return any(m.level >= ERROR for m in getattr(get_messages(response.wsgi_request), "_queued_messages", []))


def post_actor(name: str) -> str | None:
    if name.startswith("admin:"):
        return "admin"
    if name.startswith("review:"):
        return "officer.chanhlo"
    return None if name in ("login", "set_language", "review:join") else "member.chanhlo"


def form_routes(net):
    out = []
    for name, params in ROUTES:
        if name.startswith("api") or name in ("(?P<url>.*)$", "serviceworker", "manifest", "offline"):
            continue  # the API has its own net (schemathesis); static files take no form
        if name.startswith("admin:") and not name.endswith("_add"):
            continue  # of the admin, its add forms: the same ModelForms as its change forms
        out.append((name, build_url(name, params, net["side"])[0]))
    # The newcomer's page is reached by its token (a capability URL, left out of the resolver's table).
    out.append(("review:join", reverse("review:join", kwargs={"token": net["side"].invitation.token})))
    return out


def client_for_post(net, name: str) -> Client:
    actor = post_actor(name)
    if name not in ("logout", "set_language"):
        return net["clients"][actor]
    client = Client()  # signing out, or changing the language, would change the shared client for the rest
    if actor:
        client.force_login(User.objects.get(username=actor))
    return client


def test_every_form_survives_hostile_posts_and_refusals_change_nothing(net):
    side = net["side"]
    choices = plausible(side)
    targets = form_routes(net)
    value = st.one_of(st.sampled_from([v for v in HOSTILE if v not in RAW]), st.text(max_size=40))

    @hypothesis_settings(max_examples=100, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck))
    @given(target=st.sampled_from(targets), data=st.data())
    def one(target, data):
        name, url = target
        fields = data.draw(st.lists(st.sampled_from(FORM_FIELDS), max_size=10, unique=True))
        form = {f: data.draw(st.one_of(st.sampled_from(choices[f]), value) if f in choices else value)
                for f in fields}
        form = {k: v.encode("utf-8", "replace").decode("utf-8") for k, v in form.items()}
        with CaptureQueriesContext(connection) as queries:
            response = sent(net, "post", client_for_post(net, name), url, data=form)
        if refused(response):
            writes = [q["sql"][:120] for q in queries.captured_queries if WRITE.match(q["sql"])]
            assert not writes, f"POST {url} {form} was refused but wrote {writes}"

    one()
    assert clean_strings() == []


def test_the_net_covers_the_officer_forms_and_the_reports(net):
    names = {n for n, _u in form_routes(net)} | {n for n, _p in routes("site")}
    assert {"review:record-return", "review:figure-new", "review:member-role", "review:join", "login",
            "reports:csv", "reports:xlsx", "reports:print", "reports:unit", "admin:teams_team_add"} <= names

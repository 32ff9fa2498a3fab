"""Every role × every page and API endpoint: nothing of another commune is readable or writable.

The table is built from the URL resolver, so a new page or endpoint is walked automatically. A URL
parameter this file does not know how to fill makes its row fail with a message saying so: add it to
FILLERS below (pointing it at the *other* commune's object) rather than leaving the URL out.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from citizens.models import Citizen, Household
from indicators.figure_services import indicator_entry_save, plan_indicator_add
from indicators.models import Baseline, Denominator, EnteredFigure, Indicator, ManualFigure, Target
from orgunits.models import OrgUnit
from periods.periods import period_year
from records.models import AssistanceRecord, Status
from reports.models import ReportVersion
from reports.services import document_create
from satisfaction.models import ComputedSatisfaction
from teams.models import Invitation, Team
from teams.services import invitation_create
from tests.review_factories import fast_passwords, make_record  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_passwords")

# Capability URLs: the secret token in the URL *is* the permission (tested in test_invitations.py and
# tests/satisfaction/test_survey.py).
CAPABILITY_URLS = {"review:join", "survey-answer"}  # survey-answer: tests/satisfaction
REFUSED = {302, 403, 404, 405, 410}
# Admin last: its writes are allowed and must not disturb the other rows' checks.
ACTORS = [None, "member.chanhlo", "leader.chanhlo", "officer.chanhlo", "viewer.quangngai", "admin"]
OWN_COMMUNE = "Cẩm Thành"
ADMIN_LOGIN = "/admin/login/"


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield name, p


def _routes():
    seen = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        if name in CAPABILITY_URLS:
            continue
        if not name and str(pattern.pattern) == "<path:object_id>/":
            # The admin's unnamed shortcut that only redirects to "<object_id>/change/", walked below.
            continue
        params = tuple(pattern.pattern.converters) or tuple(pattern.pattern.regex.groupindex)
        seen.setdefault(name or str(pattern.pattern), params)
    return sorted(seen.items())


ROUTES = _routes()


# ---------------------------------------------------------------- the world: three communes with data


class Side:
    """One commune's objects and the strings that would betray them in a response."""

    def __init__(self, member: str, citizen_name: str, address: str):
        self.record = make_record(member, name=citizen_name, digital_address=address, household_name=citizen_name)
        self.member = User.objects.get(username=member)
        self.team = self.member.team
        self.commune = self.record.commune
        self.village = self.record.village
        self.citizen_name = citizen_name
        self.invitation = invitation_create(team=self.team, role="member", by=None)
        self.denominator = Denominator.objects.filter(unit=self.village).first()
        # the demo's baselines were entered before 2025, on the former commune merged into this one
        self.baseline = Baseline.objects.filter(unit__successor=self.commune).first()
        self.target = Target.objects.filter(unit=self.commune).first()
        self.report = document_create(unit=self.commune, period=period_year(year=2025), by=None).document
        self.plan_indicator = plan_indicator_add(
            unit=self.commune, name=f"Tỷ lệ trường học thu phí không dùng tiền mặt ({member})",
            denominator_kind="institutions", first_year=2025, last_year=None, by=None)
        self.entry = indicator_entry_save(indicator=self.plan_indicator, unit=self.commune, period_key="2025",
                                          numerator=3, denominator=4, as_of=datetime.date(2025, 12, 31), by=None)
        self.personal = [citizen_name, address]
        self.markers = [*self.personal, str(self.record.client_uuid), member, str(self.invitation.public_id),
                        self.invitation.token]


@pytest.fixture
def world(demo):
    return {
        "own": Side("member.chanhlo", "Hồ Thị Riêngmình", "QNG-OWN-0001"),
        "tinhlong": Side("member.tinhlong", "Quách Văn Bímật", "QNG-TL-9999"),
        "ngoctrao": Side("member.ngoctrao", "Khổng Thị Kínđáo", "THA-NT-7777"),
    }


def foreign_side(world, actor):
    # The closest neighbour each actor must not reach: another commune of the same province for
    # commune people, another province for the province viewer.
    return world["ngoctrao"] if actor == "viewer.quangngai" else world["tinhlong"]


def forbidden_strings(world, actor) -> list[str]:
    if actor == "admin":
        return []
    if actor is None:
        return [m for side in world.values() for m in side.markers]
    if actor == "viewer.quangngai":
        return world["ngoctrao"].markers + world["own"].personal + world["tinhlong"].personal
    return world["tinhlong"].markers + world["ngoctrao"].markers


# ---------------------------------------------------------------- URL parameters → the other commune's objects

ADMIN_MODELS = {
    "records_assistancerecord": lambda s: s.record.pk,
    "citizens_citizen": lambda s: s.record.citizen_id,
    "citizens_household": lambda s: s.record.household_id,
    "teams_team": lambda s: s.team.pk,
    "accounts_user": lambda s: s.member.pk,
    "indicators_denominator": lambda s: s.denominator.pk,
    "indicators_baseline": lambda s: s.baseline.pk,
    "indicators_target": lambda s: s.target.pk,
    "indicators_indicatorentry": lambda s: s.entry.pk,
}


def fill(name: str, param: str, side: Side):
    """(value, owned): the argument for the URL, and whether it names an object of the other commune."""
    if param == "client_uuid":
        return side.record.client_uuid, True
    if param == "public_id":
        return side.invitation.public_id, True
    if param == "team_id":
        return side.team.pk, True
    if param == "member_id":
        return side.member.pk, True
    if param == "kind":
        return "denominator", False
    if param == "commune_id":
        return side.commune.pk, True
    if param == "pk" and name.startswith("reports:document"):
        return side.report.pk, True
    if param == "number":
        return 1, False
    if param == "pk" and name.startswith("reports:"):
        return side.commune.pk, True
    if param == "pk" and name == "review:indicator-entry-new":
        return side.plan_indicator.pk, True
    if param == "pk" and name == "review:figure-edit":
        return side.denominator.pk, True
    if param == "content_type_id":
        return ContentType.objects.get_for_model(AssistanceRecord).pk, False
    if param == "object_id" and name == "admin:view_on_site":
        return side.record.pk, True
    if param == "object_id" and name.startswith("admin:"):
        model = name.split(":", 1)[1].rsplit("_", 1)[0]
        if model in ADMIN_MODELS:
            return ADMIN_MODELS[model](side), True
        # Shared reference data: service types, indicators, and the official list of administrative
        # units (public, view-only for officers; the snapshot below checks nobody can change them).
        return (side.commune.pk if model == "orgunits_orgunit" else 1), False
    if param == "indicator_id":  # shared reference data; the choice it makes is the commune's (snapshot)
        found = Indicator.objects.filter(denominator_kind="respondents").first() or Indicator.objects.first()
        return found.pk, False
    if param == "app_label":
        return "records", False
    if param == "id" and name == "admin:auth_user_password_change":
        return side.member.pk, True
    raise LookupError(f"{name}: no way to fill URL parameter {param!r}; add it to FILLERS in {__file__}")


def build_url(name: str, params: tuple[str, ...], side: Side):
    if name.startswith("(?P<url>"):
        return "/admin/no-such-page/", False  # the admin's unnamed catch-all
    kwargs, owned = {}, False
    for param in params:
        value, is_owned = fill(name, param, side)
        kwargs[param] = value
        owned = owned or is_owned
    return reverse(name, kwargs=kwargs), owned


# ---------------------------------------------------------------- what a write attempt sends


def form_payload(side: Side) -> dict:
    indicator = Indicator.objects.first()
    password = "Xam-Nhap-2026!"
    return {
        "uuids": [str(side.record.client_uuid)], "reason": "xâm nhập", "role": "leader", "days": 7,
        "unit": side.village.pk, "name": "Tổ xâm nhập", "year": 2024, "kind": "population", "value": 1,
        "indicator": indicator.pk, "as_of": "2024-01-01", "percent": "1", "comparison": "gte",
        "m-username": "intruder", "m-password1": password, "m-password2": password, "m-role": "member",
        "username": side.member.username, "password1": password, "password2": password,
        "action": "delete_selected", "_selected_action": [side.record.pk], "post": "yes",
        "status": Status.APPROVED, "is_active": "", "team": side.team.pk, "member": side.member.pk,
    }


def json_payload(side: Side) -> dict:
    occurred = (timezone.now() - datetime.timedelta(hours=2)).isoformat()
    record = {"client_uuid": str(side.record.client_uuid), "client_version": 99, "service_type": "dvctt",
              "village": side.village.pk, "occurred_at": occurred, "outcome": "success", "note": "ghi đè"}
    new = {**record, "client_uuid": "00000000-0000-4000-8000-00000000abcd", "client_version": 1}
    return {"records": [record, new], "sessions": [], "status": Status.APPROVED, "reason": "x",
            "username": side.member.username, "village": side.village.pk, "team": side.team.pk}


def snapshot(exclude_commune: OrgUnit | None):
    """Everything an actor must not be able to change: all rows outside the actor's own commune."""
    units = OrgUnit.objects.exclude(pk=exclude_commune.pk).exclude(parent=exclude_commune) if exclude_commune \
        else OrgUnit.objects.all()
    records = AssistanceRecord.objects.filter(commune__in=units)
    return {
        "records": list(records.values_list("client_uuid", "status", "review_reason", "client_version", "note",
                                            "member_id", "service_type_id", "village_id", "updated_at")
                        .order_by("pk")),
        "citizens": list(Citizen.objects.filter(records__in=records).values_list("pk", "full_name", "cccd_hash")
                         .order_by("pk")),
        "households": list(Household.objects.filter(village__in=units).values_list("pk", "name", "digital_address")
                           .order_by("pk")),
        "teams": list(Team.objects.filter(commune__in=units).values_list("pk", "name", "is_active", "unit_id")
                      .order_by("pk")),
        "users": list(User.objects.exclude(unit__in=[exclude_commune] if exclude_commune else [])
                      .values_list("pk", "username", "role", "is_active", "team_id", "unit_id", "password")
                      .order_by("pk")),
        "invitations": list(Invitation.objects.filter(team__commune__in=units)
                            .values_list("pk", "used_at", "role", "expires_at").order_by("pk")),
        "computed_satisfaction": list(ComputedSatisfaction.objects.filter(commune__in=units)
                                      .values_list("pk", "indicator_id").order_by("pk")),
        "units": list(OrgUnit.objects.values_list("pk", "name", "code", "parent_id", "successor_id").order_by("pk")),
        "figures": [list(m.objects.filter(unit__in=units).values_list("pk", "value").order_by("pk"))
                    for m in (Denominator, Baseline, ManualFigure)]
                   + [list(Target.objects.filter(unit__in=units).values_list("pk", "percent").order_by("pk"))]
                   + [list(EnteredFigure.objects.filter(unit__in=units).values_list("pk", "value").order_by("pk"))],
        "reports": list(ReportVersion.objects.filter(document__unit__in=units).values_list(
            "pk", "number", "status", "cutoff", "results_text", "updated_at").order_by("pk")),
    }


def client_for(actor: str | None) -> Client:
    client = Client()
    if actor:
        client.force_login(User.objects.get(username=actor))
    return client


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def check(response, actor, method, url, forbidden, owned, sent=""):
    where = f"{actor or 'anonymous'} {method} {url}"
    # An identifier the client sent may come back in the answer about it (a sync result): not a leak.
    forbidden = [s for s in forbidden if s not in url and s not in sent]
    assert response.status_code < 500, f"{where}: server error {response.status_code}"
    if owned and actor != "admin" and method == "GET":
        assert response.status_code in REFUSED, f"{where}: another commune's object answered {response.status_code}"
    if url.startswith("/admin/") and url != ADMIN_LOGIN and actor != "admin" and method == "GET":
        # /admin/ is the administrators' tool; officers work in /officer/ (docs/access.md).
        assert response.status_code in REFUSED, f"{where}: a non-administrator reached the admin"
    body = body_of(response)
    leaked = [s for s in forbidden if s in body]
    assert not leaked, f"{where}: response shows {leaked}"


# ---------------------------------------------------------------- the table


@pytest.mark.parametrize(("name", "params"), ROUTES, ids=[n for n, _p in ROUTES])
def test_no_role_reads_or_writes_another_commune(world, name, params):
    for actor in ACTORS:
        side = foreign_side(world, actor)
        url, owned = build_url(name, params, side)
        forbidden = forbidden_strings(world, actor)
        own = None if actor in (None, "viewer.quangngai") else world["own"].commune
        before = snapshot(own)

        check(client_for(actor).get(url), actor, "GET", url, forbidden, owned)
        is_api = url.startswith("/api/")
        if is_api:
            for method in ("post", "put", "patch", "delete"):
                sent = json.dumps(json_payload(side))
                response = getattr(client_for(actor), method)(url, data=sent, content_type="application/json")
                check(response, actor, method.upper(), url, forbidden, owned, sent)
        else:
            payload = form_payload(side)
            check(client_for(actor).post(url, payload), actor, "POST", url, forbidden, owned, json.dumps(payload))

        if actor != "admin":
            assert snapshot(own) == before, f"{actor or 'anonymous'} changed another commune's data through {url}"


def test_the_table_covers_the_officer_pages_and_the_api():
    names = {n for n, _p in ROUTES}
    expected = {"review:records", "review:record", "review:record-approve", "review:records-bulk-approve",
                "review:team", "review:member-deactivate", "review:invitation-qr-png", "review:figure-edit",
                "review:audit", "api-records", "api-sync", "admin:records_assistancerecord_changelist"}
    assert expected <= names


# ---------------------------------------------------------------- the markers do show where they should


def test_markers_show_where_the_reader_is_allowed(world):
    own, other = world["own"], world["tinhlong"]
    officer = body_of(client_for("officer.chanhlo").get("/officer/records/"))
    assert own.citizen_name in officer and str(own.record.client_uuid) in officer
    assert other.citizen_name in body_of(client_for("admin").get("/officer/records/"))
    api = body_of(client_for("member.chanhlo").get("/api/v1/records/"))
    assert str(own.record.client_uuid) in api
    other_officer = body_of(client_for("officer.tinhlong").get(f"/officer/records/{other.record.client_uuid}/"))
    assert other.citizen_name in other_officer


def test_an_officer_may_review_only_their_commune(world):
    own, other = world["own"], world["tinhlong"]
    client = client_for("officer.chanhlo")
    assert client.post(f"/officer/records/{other.record.client_uuid}/approve/").status_code == 404
    assert client.post(f"/officer/records/{own.record.client_uuid}/approve/").status_code == 302
    assert AssistanceRecord.objects.get(pk=own.record.pk).status == Status.APPROVED
    assert AssistanceRecord.objects.get(pk=other.record.pk).status == Status.SUBMITTED

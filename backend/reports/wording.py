"""Sentences of the printed report built from figures, in the words of the source reports.

Seed 001 (Quảng Ngãi city report 2023): "số lượng thành viên tổ CNSCĐ các cấp được hướng dẫn tập
huấn 1.164 người", "có 38.539 lượt người tham gia"; seeds 003/004: "tổ chức tập huấn cho Tổ công
nghệ số cộng đồng", "các đợt tuyên truyền, tập huấn", "các hội nghị". Attendees are counted per
session, so those figures are attendances (lượt); team members on an attendance list are people
(người), each counted once, and the sentence says which is which.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from catalog.models import SessionKind
from indicators.formatting import vn_int
from outreach.selectors import SessionTotals


def _kind_count(kind: str, n: int) -> str:
    if kind == SessionKind.TRAINING:
        return _("%(n)s training sessions") % {"n": vn_int(n)}
    if kind == SessionKind.OUTREACH:
        return _("%(n)s outreach sessions") % {"n": vn_int(n)}
    return _("%(n)s meetings") % {"n": vn_int(n)}


def session_sentence(totals: SessionTotals) -> str:
    """What the teams' group sessions of the period amount to; says so plainly when none was logged."""
    if not totals.total:
        return _("No training, outreach or meeting session of the community digital technology teams "
                 "was logged in the app for the period.")
    clauses = []
    if totals.citizen_sessions:
        detail = ", ".join(_kind_count(r["kind"], r["citizen_sessions"]) for r in totals.by_kind
                           if r["citizen_sessions"])
        clauses.append(_("%(sessions)s training, outreach and meeting sessions for citizens (%(detail)s), "
                         "with %(attendees)s attendances") % {
            "sessions": vn_int(totals.citizen_sessions), "detail": detail,
            "attendees": vn_int(totals.citizens_reached)})
        if totals.citizens_checked_in:
            clauses[-1] += _(", %(n)s citizens of whom were checked in by CCCD or name (people, each counted once "
                             "in the indicators these sessions feed)") % {"n": vn_int(totals.citizens_checked_in)}
    if totals.member_sessions and totals.members_listed:
        clause = _("%(sessions)s training sessions for team members, with %(people)s team members trained "
                   "(people, by attendance list)") % {
            "sessions": vn_int(totals.member_sessions), "people": vn_int(totals.members_listed)}
        if totals.members_unlisted:
            clause += _(" and %(n)s attendances at sessions logged without a list") % {
                "n": vn_int(totals.members_unlisted)}
        clauses.append(clause)
    elif totals.member_sessions:
        clauses.append(_("%(sessions)s training sessions for team members, with %(members)s team members "
                         "trained (attendances)") % {
            "sessions": vn_int(totals.member_sessions), "members": vn_int(totals.members_trained)})
    return _("The community digital technology teams held %(clauses)s.") % {"clauses": "; ".join(clauses)}

"""Teams, members and QR invitations."""

from __future__ import annotations

import datetime
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from teams import services as team_services
from teams.models import Invitation

from .. import selectors
from ..forms import ClaimForm, InvitationForm, MemberCreateForm, RoleForm, SignupForm, TeamForm
from .common import officer_required


@officer_required
def team_list(request):
    form = TeamForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            team = team_services.team_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Team %(name)s created.") % {"name": team.name})
            return redirect("review:team", team_id=team.pk)
    teams = selectors.teams_for_officer(user=request.user).order_by("commune__name", "unit__level", "name")
    return render(request, "review/team_list.html", {"form": form, "teams": teams})


@officer_required
def team_detail(request, team_id: int):
    team = selectors.team_for_officer(user=request.user, team_id=team_id)
    member_form = MemberCreateForm(request.POST or None, prefix="m")
    if request.method == "POST" and member_form.is_valid():
        data = member_form.cleaned_data
        try:
            member = team_services.member_create(
                team=team, by=request.user, username=data["username"], password=data["password1"],
                role=data["role"], first_name=data["first_name"], last_name=data["last_name"],
                position=data["position"])
        except ValidationError as exc:
            member_form.add_error(None, exc)
        except IntegrityError:
            member_form.add_error("username", _("This username is taken."))
        else:
            messages.success(request, _("Member %(name)s added.") % {"name": member.display_name})
            return redirect("review:team", team_id=team.pk)
    return render(request, "review/team_detail.html", {
        "team": team, "members": selectors.members_of(team=team), "member_form": member_form,
        "invitation_form": InvitationForm(), "role_form": RoleForm(),
        "invitations": team.invitations.select_related("used_by")[:20],
    })


@officer_required
@require_POST
def member_role(request, member_id: int):
    member = selectors.member_for_officer(user=request.user, member_id=member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The role of %(name)s was not changed: choose member or leader.")
                       % {"name": member.display_name})
        return redirect("review:team", team_id=member.team_id)
    try:
        team_services.member_set_role(member=member, role=form.cleaned_data["role"], by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Role of %(name)s changed.") % {"name": member.display_name})
    return redirect("review:team", team_id=member.team_id)


@officer_required
@require_POST
def member_active(request, member_id: int, active: bool):
    member = selectors.member_for_officer(user=request.user, member_id=member_id)
    team_services.member_set_active(member=member, active=active, by=request.user)
    if active:
        messages.success(request, _("%(name)s can sign in again.") % {"name": member.display_name})
    else:
        messages.success(request, _("%(name)s deactivated; their records are kept.") % {"name": member.display_name})
    return redirect("review:team", team_id=member.team_id)


@officer_required
@require_POST
def invitation_create(request, team_id: int):
    team = selectors.team_for_officer(user=request.user, team_id=team_id)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the invitation's role and validity."))
        return redirect("review:team", team_id=team.pk)
    invitation = team_services.invitation_create(
        team=team, role=form.cleaned_data["role"], by=request.user,
        lifetime=datetime.timedelta(days=form.cleaned_data["days"]))
    return redirect("review:invitation", public_id=invitation.public_id)


def signup_url(request, invitation: Invitation) -> str:
    # The token is re-derived (signed), not read from the database: the officer can reprint at any time.
    return request.build_absolute_uri(reverse("review:join", kwargs={"token": invitation.token}))


@officer_required
@never_cache
def invitation_detail(request, public_id):
    invitation = selectors.invitation_for_officer(user=request.user, public_id=public_id)
    return render(request, "review/invitation.html", {"invitation": invitation, "url": signup_url(request, invitation)})


@officer_required
@never_cache
def invitation_qr(request, public_id, fmt: str):
    invitation = selectors.invitation_for_officer(user=request.user, public_id=public_id)
    url = signup_url(request, invitation)
    buffer = io.BytesIO()
    if fmt == "svg":
        qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=20).save(buffer)
        content_type = "image/svg+xml"
    else:
        qrcode.make(url, box_size=10, border=4).save(buffer, format="PNG")
        content_type = "image/png"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="moi-{invitation.team.pk}.{fmt}"'
    return response


@never_cache
def join(request, token: str):
    """The newcomer's page, opened from the QR code: no sign-in needed, the token is the key.

    404 when the token opens no invitation (forged, altered, revoked), 410 when it did but can no longer.
    """
    invitation = team_services.invitation_for_token(token)
    problem = team_services.invitation_problem(invitation)
    if problem:
        return render(request, "review/join.html", {"problem": problem}, status=410 if invitation else 404)
    if invitation.member_id:
        form = ClaimForm(request.POST or None, instance=invitation.member,
                         initial={"username": invitation.member.username})
    else:
        form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = team_services.invitation_accept(
                invitation=invitation, username=data["username"], password=data["password1"],
                first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
        except team_services.InvitationUnusable as exc:
            return render(request, "review/join.html", {"problem": exc.message}, status=410)
        except IntegrityError:
            form.add_error("username", _("This username is taken."))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("app")
    return render(request, "review/join.html", {"invitation": invitation, "form": form})

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import ensure_csrf_cookie

from accounts.models import Role


@login_required
def home(request):
    """Send each role to its workspace: the phone app, the review pages, the dashboards or the admin."""
    role = request.user.role
    if role in (Role.MEMBER, Role.LEADER):
        return redirect("app")
    if role == Role.OFFICER:
        return redirect("review:records")
    if role == Role.VIEWER:
        return redirect("reports:home")
    return redirect("admin:index")


@ensure_csrf_cookie
def app_shell(request):
    """The PWA shell: the same static page for everyone, so the service worker can cache it.

    Who is signed in is asked by the page itself (/api/v1/me/); the CSRF cookie lets it post the sync.
    """
    return render(request, "field/app.html")

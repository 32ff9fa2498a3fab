from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.models import Role


@login_required
def home(request):
    """Send each role to its workspace: the phone app for teams, the admin for everyone else."""
    if request.user.role in (Role.MEMBER, Role.LEADER):
        return redirect("app")
    return redirect("admin:index")


def app_shell(request):
    return render(request, "field/app.html")

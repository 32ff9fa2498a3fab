"""The lock-out authentication backend: django-axes, made to live with DRF and the test client."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out username/address pair; authenticates nobody itself.

    Every sign-in path of the project (/login/, /admin/login/, /api/v1/auth/token/) calls
    authenticate() with the request. A call without one (Django's test client `login()`, a shell)
    has no address to lock, so this backend stays out of it instead of raising as django-axes does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):  # noqa: ANN001
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

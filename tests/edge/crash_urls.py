"""The project's URLs plus two that fail on purpose, to see the 500 answers (tests/edge/test_error_pages.py)."""

from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [path("crash/", crash), path("api/v1/crash/", crash), *urlpatterns]

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
    path("officer/onboarding/", include("onboarding.urls")),
    path("officer/", include("review.urls")),
    path("reports/", include("reports.urls")),
    path("", include("satisfaction.urls")),
    path("", include("pwa.urls")),
    path("", include("field.urls")),
]

# Error pages in Vietnamese; JSON in the API's error shape under /api/.
handler400 = "edge.errors.bad_request"
handler403 = "edge.errors.permission_denied"
handler404 = "edge.errors.page_not_found"
handler500 = "edge.errors.server_error"

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include("accounts.api_urls")),
    path("", include("records.api_urls")),
    path("", include("field.api_urls")),
    path("", include("satisfaction.api_urls")),
]

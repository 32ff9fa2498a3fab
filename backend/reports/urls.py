from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("units/", views.units, name="units"),
    path("u/<int:pk>/", views.dashboard, name="unit"),
    path("u/<int:pk>/export.xlsx", views.export_xlsx, name="xlsx"),
    path("u/<int:pk>/export.csv", views.export_csv, name="csv"),
    path("u/<int:pk>/print/", views.print_report, name="print"),
]

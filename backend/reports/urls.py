from django.urls import path

from . import document_views, figure_views, gap_views, views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("units/", views.units, name="units"),
    path("u/<int:pk>/", views.dashboard, name="unit"),
    path("u/<int:pk>/export.xlsx", views.export_xlsx, name="xlsx"),
    path("u/<int:pk>/export.csv", views.export_csv, name="csv"),
    path("u/<int:pk>/print/", views.print_report, name="print"),
    path("u/<int:pk>/report.docx", views.report_docx, name="docx"),
    path("u/<int:pk>/gaps/", gap_views.village_gap_page, name="gaps"),
    path("u/<int:pk>/gaps.xlsx", gap_views.village_gap_xlsx, name="gaps-xlsx"),
    path("u/<int:pk>/figures/", figure_views.entered_figures, name="entered"),
    path("documents/", document_views.document_list, name="documents"),
    path("documents/<int:pk>/", document_views.document_edit, name="document"),
    path("documents/<int:pk>/autosave/", document_views.document_autosave, name="document-autosave"),
    path("documents/<int:pk>/finalise/", document_views.document_finalise, name="document-finalise"),
    path("documents/<int:pk>/new-version/", document_views.document_new_version, name="document-new-version"),
    path("documents/<int:pk>/v/<int:number>/", document_views.document_version, name="document-version"),
]

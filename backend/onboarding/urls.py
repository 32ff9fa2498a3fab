from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:commune_id>/", views.commune_page, name="commune"),
    path("<int:commune_id>/template.xlsx", views.template_download, name="template"),
    path("<int:commune_id>/confirm/", views.confirm, name="confirm"),
    path("<int:commune_id>/cards/", views.cards, name="cards"),
    path("<int:commune_id>/cards/renew/", views.cards_renew, name="cards-renew"),
]

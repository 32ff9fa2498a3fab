from django.urls import path

from . import views

urlpatterns = [
    path("y-kien/<str:token>/", views.answer_page, name="survey-answer"),
]

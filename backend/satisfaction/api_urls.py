from django.urls import path

from . import api

urlpatterns = [
    path("survey-tokens/", api.SurveyTokenStock.as_view(), name="api-survey-tokens"),
    path("survey-tokens/attach/", api.SurveyTokenAttach.as_view(), name="api-survey-attach"),
]

from django.urls import path

from . import api, sync_api

urlpatterns = [
    path("sync/", sync_api.SyncView.as_view(), name="api-sync"),
    path("me/", api.MeView.as_view(), name="api-me"),
    path("service-types/", api.ServiceTypeList.as_view(), name="api-service-types"),
    path("villages/", api.VillageList.as_view(), name="api-villages"),
    path("sessions/", api.MySessionList.as_view(), name="api-my-sessions"),
    path("push/subscription/", api.PushSubscriptionView.as_view(), name="api-push-subscription"),
    path("my-gaps/", api.MyGapsView.as_view(), name="api-my-gaps"),
    path("teams/", api.TeamList.as_view(), name="api-teams"),
]

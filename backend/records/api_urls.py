from django.urls import path

from . import api

urlpatterns = [
    path("records/", api.RecordList.as_view(), name="api-records"),
    path("records/<uuid:client_uuid>/", api.RecordDetail.as_view(), name="api-record"),
    path("records/<uuid:client_uuid>/photo/", api.RecordPhoto.as_view(), name="api-record-photo"),
]

from django.urls import path
from django.views.generic import RedirectView

from .views import audit, figures, plan, records, satisfaction, sessions, teams

app_name = "review"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="review:records"), name="index"),
    path("records/", records.record_list, name="records"),
    path("records/approve/", records.record_bulk_approve, name="records-bulk-approve"),
    path("records/<uuid:client_uuid>/", records.record_detail, name="record"),
    path("records/<uuid:client_uuid>/photo/", records.record_photo, name="record-photo"),
    path("records/<uuid:client_uuid>/approve/", records.record_decide, {"decision": "approve"}, name="record-approve"),
    path("records/<uuid:client_uuid>/return/", records.record_decide, {"decision": "return"}, name="record-return"),
    path("records/<uuid:client_uuid>/reject/", records.record_decide, {"decision": "reject"}, name="record-reject"),
    path("follow-ups/", records.follow_up_list, name="follow-ups"),
    path("satisfaction/", satisfaction.satisfaction_list, name="satisfaction"),
    path("satisfaction/<int:indicator_id>/choose/", satisfaction.satisfaction_choose, name="satisfaction-choose"),
    path("sessions/", sessions.session_list, name="sessions"),
    path("sessions/new/", sessions.session_new, name="session-new"),
    path("teams/", teams.team_list, name="teams"),
    path("teams/<int:team_id>/", teams.team_detail, name="team"),
    path("teams/<int:team_id>/invitations/", teams.invitation_create, name="invitation-create"),
    path("members/<int:member_id>/role/", teams.member_role, name="member-role"),
    path("members/<int:member_id>/deactivate/", teams.member_active, {"active": False}, name="member-deactivate"),
    path("members/<int:member_id>/activate/", teams.member_active, {"active": True}, name="member-activate"),
    path("invitations/<uuid:public_id>/", teams.invitation_detail, name="invitation"),
    path("invitations/<uuid:public_id>/qr.png", teams.invitation_qr, {"fmt": "png"}, name="invitation-qr-png"),
    path("invitations/<uuid:public_id>/qr.svg", teams.invitation_qr, {"fmt": "svg"}, name="invitation-qr-svg"),
    path("join/<str:token>/", teams.join, name="join"),
    path("figures/", figures.figure_list, name="figures"),
    path("plan/indicators/new/", plan.plan_indicator_new, name="plan-indicator-new"),
    path("plan/indicators/<int:pk>/entries/new/", plan.indicator_entry_new, name="indicator-entry-new"),
    path("figures/<str:kind>/new/", figures.figure_edit, name="figure-new"),
    path("figures/<str:kind>/<int:pk>/", figures.figure_edit, name="figure-edit"),
    path("audit/", audit.audit_list, name="audit"),
]

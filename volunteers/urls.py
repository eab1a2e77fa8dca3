from django.urls import path, re_path

from volunteers.views import imports, me, public, staff, teams

app_name = "volunteers"
urlpatterns = [
    path("register/", public.register, name="register"),
    path("privacy/", public.privacy, name="privacy"),
    path("claim/", public.claim, name="claim"),
    path("me/", me.me, name="me"),
    path("me/card/", me.card, name="card"),
    path("me/card.pdf", me.card_download, name="card_pdf"),
    path("me/card/renew/", me.card_renew, name="card_renew"),
    re_path(r"^me/data\.(?P<fmt>json|csv)$", me.data_download, name="my_data"),
    path("me/close/", me.close_account, name="close_account"),
    path("volunteers/", staff.volunteer_list_view, name="list"),
    path("volunteers/review/", staff.review_queue_view, name="review"),
    path("volunteers/<int:pk>/", staff.volunteer_detail, name="detail"),
    re_path(
        r"^volunteers/(?P<pk>\d+)/(?P<action>approve|reject|suspend|reactivate)/$",
        staff.volunteer_action,
        name="action",
    ),
    path("volunteers/<int:pk>/reveal/", staff.volunteer_reveal, name="reveal"),
    path("volunteers/<int:pk>/card/renew/", staff.volunteer_card_renew, name="staff_card_renew"),
    path("volunteers/import/", imports.upload, name="import"),
    path("volunteers/import/template.xlsx", imports.template, name="import_template"),
    path("volunteers/import/<uuid:pk>/", imports.detail, name="import_detail"),
    path("volunteers/import/<uuid:pk>/commit/", imports.commit, name="import_commit"),
    path("volunteers/import/<uuid:pk>/discard/", imports.discard, name="import_discard"),
    path("volunteers/import/<uuid:pk>/errors.xlsx", imports.errors, name="import_errors"),
    path("teams/", teams.team_list_view, name="team_list"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/members/", teams.member_add, name="member_add"),
    path(
        "teams/<int:pk>/members/<int:membership_pk>/leave/",
        teams.member_remove,
        name="member_remove",
    ),
]

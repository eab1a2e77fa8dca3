from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.programme, name="programme"),
    path("calendar/", views.calendar, name="calendar"),
    path("new/", views.event_new, name="new"),
    path("me/", views.mine, name="mine"),
    path("me/feed/rotate/", views.feed_rotate, name="feed_rotate"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>.ics", views.event_ics, name="ics"),
    path("<int:pk>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/publish/", views.event_publish, name="publish"),
    path("<int:pk>/close/", views.event_close, name="close"),
    path("<int:pk>/skip/", views.occurrence_skip, name="skip"),
    path("<int:pk>/shifts/new/", views.shift_new, name="shift_new"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/hours/", views.post_hours, name="post_hours"),
    path("shifts/<int:pk>/sign-up/", views.sign_up, name="sign_up"),
    path("shifts/<int:pk>/assign/", views.assign, name="assign"),
    path("signups/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("signups/<int:pk>/unassign/", views.unassign, name="unassign"),
    path("c/<str:secret>/", views.check_in, name="check_in"),
    path("feeds/county.ics", views.feed_public, name="feed_public"),
    path("feeds/team/<int:pk>.ics", views.feed_team, name="feed_team"),
    path("feeds/venue/<int:pk>.ics", views.feed_venue, name="feed_venue"),
    path("feeds/me/<str:secret>.ics", views.feed_mine, name="feed_mine"),
]

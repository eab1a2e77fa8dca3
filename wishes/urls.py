from django.urls import path

from wishes.views import public, stats, work

app_name = "wishes"
urlpatterns = [
    path("", public.wall, name="wall"),
    path("new/", public.file_view, name="file"),
    path("new/for-resident/", public.file_for_resident, name="file_for_resident"),
    path("filed/<str:code>/", public.filed, name="filed"),
    path("follow/", public.follow, name="follow"),
    path("t/<str:code>/", public.track, name="track"),
    path("t/<str:code>/confirm/", public.confirm, name="confirm"),
    path("t/<str:code>/reopen/", public.reopen, name="reopen"),
    path("t/<str:code>/rate/", public.rate, name="rate"),
    path("photos/<str:secret>.jpg", public.photo, name="photo"),
    path("mine/", work.mine, name="mine"),
    path("board/", work.board, name="board"),
    path("staff/", work.staff_list, name="staff"),
    path("stats/", stats.statistics, name="stats"),
    path("<int:pk>/", work.detail, name="detail"),
    path("<int:pk>/accept/", work.accept, name="accept"),
    path("<int:pk>/decline/", work.decline, name="decline"),
    path("<int:pk>/merge/", work.merge, name="merge"),
    path("<int:pk>/assign/", work.assign, name="assign"),
    path("<int:pk>/claim/", work.claim, name="claim"),
    path("<int:pk>/release/", work.release, name="release"),
    path("<int:pk>/progress/", work.progress, name="progress"),
    path("<int:pk>/resolve/", work.resolve, name="resolve"),
    path("<int:pk>/contact/", work.contact, name="contact"),
]

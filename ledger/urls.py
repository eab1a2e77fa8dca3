from django.urls import path

from ledger import views

app_name = "ledger"
urlpatterns = [
    path("mine/", views.my_ledger, name="mine"),
    path("mine/report/", views.dispute_new, name="dispute_new"),
    path("queue/", views.queue, name="queue"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("disputes/<int:pk>/", views.dispute_detail, name="dispute"),
    path("entries/", views.browser, name="browser"),
]

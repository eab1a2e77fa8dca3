from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("certificates/mine/", views.my_certificates, name="mine"),
    path("certificates/", views.staff_certificates, name="staff"),
    path("certificates/<str:serial>.pdf", views.certificate_pdf, name="pdf"),
    path("certificates/<str:serial>/revoke/", views.certificate_revoke, name="revoke"),
    path("batches/", views.batches, name="batches"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>.pdf", views.batch_pdf, name="batch_pdf"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("county/", views.county_report, name="county"),
]

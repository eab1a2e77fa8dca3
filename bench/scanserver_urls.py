"""The real site plus one bare view that inserts one row and answers: the floor that a
request through the same server, middleware and database can reach."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from core.models import AuditEntry


@csrf_exempt
def insert_one_row(request):
    AuditEntry.objects.create(action="bench.insert")
    return HttpResponse("ok", status=201)


urlpatterns = [
    path("bench/insert/", insert_one_row),
    path("", include("config.urls")),
]

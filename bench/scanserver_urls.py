"""The real site plus one bare view that inserts one row and answers: the floor that a
request through the same server, middleware and database can reach.

The bare view is the first pattern; the site's own patterns follow it at the top level,
as in config.urls, so every real route (the scan among them) resolves through the same
levels as in production, not through one more ``include``."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config import urls as site_urls
from core.models import AuditEntry


@csrf_exempt
def insert_one_row(request):
    AuditEntry.objects.create(action="bench.insert")
    return HttpResponse("ok", status=201)


urlpatterns = [
    path("bench/insert/", insert_one_row),
    *site_urls.urlpatterns,
]

"""The notices app routes (the notices-ui branch fills them)."""

urlpatterns = []

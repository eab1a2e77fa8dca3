from django.shortcuts import render
from django_tables2 import RequestConfig


def render_table(request, table, *, title, per_page=50):
    """A page holding one sortable, paginated table: the shape of every staff list."""
    RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    return render(request, "core/table_page.html", {"table": table, "title": title})

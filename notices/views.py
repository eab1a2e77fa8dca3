"""The notices pages: compose (with a preview before sending), the sender's sent list and
each notice's delivery, the recipient's inbox (under "我的"), and their channels.

Thin: they call ``notices.services`` and ``notices.selectors``. Senders see counts and
masked values only. A refusal lands on the form's field, and nothing typed is lost.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.permissions import role_required
from notices import rendering, selectors, services
from notices.errors import NoticeError
from notices.figures import list_figures
from notices.forms import ComposeForm, PreferenceForm
from notices.models import Channel, Delivery
from notices.senders import SENDER_ROLES


@role_required(*SENDER_ROLES)
def compose(request):
    options = selectors.audience_options(request.user)
    form = ComposeForm(request.POST or None, options=options)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            draft = form.draft()
            if request.POST.get("action") == "send":
                notice = services.notice_send(sender=request.user, draft=draft)
                messages.success(
                    request,
                    _("Sent to %(count)s people. Delivery is under way.")
                    % {"count": notice.recipient_count},
                )
                return redirect("notices:sent_detail", pk=notice.pk)
            preview = services.notice_preview(sender=request.user, draft=draft)
        except NoticeError as error:
            form.add_refusal(error)
    context = {
        "form": form,
        "preview": preview,
        "signature": settings.HONGYI_SMS_SIGNATURE,
        "segment": rendering.SMS_SEGMENT,
        "placeholders": rendering.PLACEHOLDERS,
    }
    return render(request, "notices/compose.html", context)


@role_required(*SENDER_ROLES)
def sent(request):
    notices = selectors.notices_sent(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    rows = [(notice, list_figures(notice)) for notice in page.object_list]
    return render(request, "notices/sent.html", {"page": page, "rows": rows})


@role_required(*SENDER_ROLES)
def sent_detail(request, pk: int):
    try:
        notice = selectors.notice_for_sender(user=request.user, pk=pk)
    except NoticeError:
        raise Http404 from None
    status = request.GET.get("status") or None
    if status not in (None, *Delivery.Status.values):
        status = None
    figures = selectors.notice_figures(notice)
    context = {
        "notice": notice,
        "figures": figures,
        "percent": round(figures["progress"] * 100),
        "recipients": selectors.notice_recipients(notice, status=status),
        "status": status,
        "statuses": Delivery.Status.choices,
        "channel_names": dict(Channel.choices),
    }
    return render(request, "notices/sent_detail.html", context)


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), 30).get_page(request.GET.get("page"))
    items = [(item, rendering.recipient_title(item)) for item in page.object_list]
    return render(request, "notices/inbox.html", {"page": page, "items": items})


@login_required
def message(request, pk: int):
    """Opening a message marks it read (the first time)."""
    try:
        item = services.notice_read(user=request.user, recipient_id=pk)
    except NoticeError:
        raise Http404 from None
    context = {
        "item": item,
        "title": rendering.recipient_title(item),
        "text": rendering.recipient_text(item),
    }
    return render(request, "notices/message.html", context)


@login_required
def preferences(request):
    current = selectors.preference_of(request.user)
    initial = {"sms": current.sms, "email": current.email, "email_address": current.email_address}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.preference_set(
                user=request.user,
                sms=data["sms"],
                email=data["email"],
                email_address=data["email_address"],
            )
        except NoticeError as error:
            form.add_refusal(error)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("notices:preferences")
    return render(request, "notices/preferences.html", {"form": form})


def me_section(user) -> dict | None:
    """The "Messages" card on "我的": the unread count and the latest three."""
    latest = list(selectors.inbox(user)[:3])
    if not latest:
        return {"template": "notices/me_section.html", "unread": 0, "latest": []}
    items = [(item, rendering.recipient_title(item)) for item in latest]
    unread = selectors.unread_count(user)
    return {"template": "notices/me_section.html", "unread": unread, "latest": items}

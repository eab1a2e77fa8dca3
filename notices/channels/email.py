"""Email through Django's email framework: ``EMAIL_BACKEND`` (console by default, SMTP by
setting ``EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend`` and ``EMAIL_HOST``…).

Django's backends leave the machine (or the process), so this channel is neither
transactional nor idempotent: each message's status commits right after it is handed over.
Set ``HONGYI_EMAIL_OUTBOX=1`` (tests, the bench) to write the console outbox instead.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext as _

from notices.channels.base import Backend, Message, Result
from notices.channels.console import outbox_write


class EmailChannel(Backend):
    channel = "email"

    def __init__(self):
        self.outbox = getattr(settings, "HONGYI_EMAIL_OUTBOX", False)
        self.transactional = self.outbox

    def send_many(self, messages: list[Message]) -> list[Result]:
        if self.outbox:
            return outbox_write(self.channel, messages)
        return super().send_many(messages)

    def send(self, message: Message) -> Result:
        email = EmailMessage(
            subject=message.subject,
            body=message.text,
            to=[message.address],
            headers={"X-Hongyi-Key": message.key},
            connection=get_connection(fail_silently=False),
        )
        try:
            email.send()
        except Exception as error:  # noqa: BLE001 — one address's failure never stops the rest
            reason = _("The mail server refused it: %(error)s") % {"error": str(error)[:120]}
            return Result(message.delivery_id, ok=False, reason=reason)
        return Result(message.delivery_id, ok=True, ref=message.key)

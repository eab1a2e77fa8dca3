"""In-app: the notice shows in the recipient's inbox (我的 → 消息). Exactly-once."""

from django.utils import timezone

from notices.channels.base import Backend, Message, Result
from notices.models import Recipient


class InAppChannel(Backend):
    channel = "inapp"
    transactional = True

    def send_many(self, messages: list[Message]) -> list[Result]:
        ids = [message.recipient_id for message in messages]
        Recipient.objects.filter(pk__in=ids, inbox_at__isnull=True).update(inbox_at=timezone.now())
        return [Result(message.delivery_id, ok=True) for message in messages]

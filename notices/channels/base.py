"""The interface every channel backend implements, and how the worker picks one."""

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Message:
    delivery_id: int
    recipient_id: int
    key: str  # the delivery's idempotency key: the same on every attempt
    address: str  # phone number or email address ("" for in-app)
    subject: str
    text: str


@dataclass(frozen=True)
class Result:
    delivery_id: int
    ok: bool
    reason: str = ""  # why it failed, in Chinese, shown per recipient
    permanent: bool = False  # a failure a retry cannot fix (a wrong number)
    ref: str = ""  # the provider's message id


class Backend:
    """Sends messages of one channel.

    ``transactional``: the send is a write in the worker's own database transaction, so it
    commits (or rolls back) together with the delivery's ``sent`` status: exactly once.
    ``idempotent``: the provider drops a second message with the same ``key``; a delivery
    whose worker died mid-send may then be sent again safely.
    Neither: the worker commits each message's status right after the provider call, and
    a delivery found half-sent after a crash is failed as "outcome unknown", never resent.
    """

    channel = ""
    transactional = False
    idempotent = False

    def send_many(self, messages: list[Message]) -> list[Result]:
        return [self.send(message) for message in messages]

    def send(self, message: Message) -> Result:
        raise NotImplementedError


def backend_for(channel: str) -> Backend:
    from notices.channels.email import EmailChannel
    from notices.channels.inapp import InAppChannel
    from notices.channels.sms import SmsChannel

    backends = {"inapp": InAppChannel, "email": EmailChannel, "sms": SmsChannel}
    return backends[channel]()


def load(path: str):
    return import_string(path)

"""Channels: one interface (``base.Backend``), one backend per channel.

``backend_for(channel)`` gives the configured backend: in-app, email through Django's
email framework, SMS through the provider named by ``settings.HONGYI_SMS_PROVIDER``.
"""

from notices.channels.base import Backend, Message, Result, backend_for

__all__ = ["Backend", "Message", "Result", "backend_for"]

"""Notices: a message, its frozen recipients, and one delivery per recipient and channel.

A notice's audience is resolved when it is sent and frozen into ``Recipient`` rows; each
recipient gets a ``Delivery`` per channel (in-app always; email and SMS as the sender
chose and the recipient allows). The worker moves deliveries queued → sending → sent (or
failed with a reason); see docs/notices.md for the exactly-once rules.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INAPP = "inapp", _("In the app")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class Notice(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Sent by a person")
        REMINDER = "reminder", _("Automatic reminder")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        DONE = "done", _("Delivered")

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices_sent",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    # Reminders pass a stable key ("reminder:day:signup:12:2026-12-05T01:00") so a second
    # run of the reminder scan never queues the same reminder twice.
    key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))
    # A shorter text for SMS with the same placeholders; empty: SMS says ``body``.
    sms_body = models.TextField(_("SMS text"), blank=True, default="")
    # The audience as the sender defined it ({"kind": "team", "team": 3}) and its label.
    audience = models.JSONField(_("audience"), default=dict)
    audience_label = models.CharField(_("audience"), max_length=200)
    channels = models.JSONField(_("channels"), default=list)
    urgent = models.BooleanField(_("urgent"), default=False)
    # Placeholder values shared by every recipient ({活动}, {时间}, {地点}), frozen at send.
    context = models.JSONField(default=dict, blank=True)
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return self.title


class Recipient(models.Model):
    """One person a notice was frozen for; their inbox row (read when opened)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="notices_received",
        db_index=False,  # (user, inbox_at) below serves the inbox
    )
    name = models.CharField(_("name"), max_length=50)
    # Set by the in-app channel when it delivers: the notice then shows in 我的 → 消息.
    inbox_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["notice", "user"], name="recipient_once_per_notice")
        ]
        indexes = [models.Index(fields=["user", "inbox_at"], name="recipient_inbox")]

    def __str__(self):
        return f"{self.notice} → {self.name}"


class Delivery(models.Model):
    """A recipient's message on one channel, and where it stands."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="deliveries")
    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The phone number or email address, frozen at send time; shown to senders masked only.
    address = models.CharField(max_length=254, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    not_before = models.DateTimeField(default=timezone.now)  # backoff, quiet hours
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    provider_ref = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "channel"], name="delivery_once_per_channel"
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claim__isnull=False),
                name="delivery_sending_has_claim",
            ),
        ]
        indexes = [
            models.Index(fields=["notice", "status", "not_before"], name="delivery_due"),
            models.Index(fields=["status", "not_before"], name="delivery_due_any"),
            models.Index(fields=["claim"], name="delivery_claim"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.channel}"

    @property
    def idempotency_key(self) -> str:
        """The same for every attempt of this delivery: providers that dedupe use it."""
        return f"hongyi-{self.pk}"


class Outbox(models.Model):
    """What the console backends 'sent', written in the worker's transaction.

    Because the row commits together with the delivery's ``sent`` status and its key is
    unique, the console backends are exactly-once: tests and the bench count these rows.
    """

    key = models.CharField(max_length=40, unique=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=254)
    subject = models.CharField(max_length=100, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.key


class Preference(models.Model):
    """A person's channels. In-app cannot be turned off; email needs an address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    sms = models.BooleanField(_("SMS"), default=True)
    email = models.BooleanField(_("email"), default=False)
    email_address = models.EmailField(_("email address"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(email=False) | ~Q(email_address=""), name="preference_email_has_address"
            )
        ]

    def __str__(self):
        return str(self.user)

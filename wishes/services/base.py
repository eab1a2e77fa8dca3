"""What every step shares: which statuses a step may start from, the row lock, the
timeline entry, and the photos a step carries."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from wishes.codes import new_photo_secret
from wishes.errors import WishError
from wishes.models import Status, Wish, WishEvent, WishPhoto
from wishes.photos import photo_process

S = Status
# Each step and the statuses it may start from; anything else is ``bad_transition``.
ALLOWED_FROM = {
    "accept": {S.SUBMITTED},
    "decline": {S.SUBMITTED, S.ACCEPTED},
    "merge": {S.SUBMITTED, S.ACCEPTED},
    "claim": {S.ACCEPTED},
    "assign": {S.ACCEPTED, S.ASSIGNED},
    "release": {S.ASSIGNED},
    "progress": {S.ASSIGNED},
    "resolve": {S.ASSIGNED},
    "confirm": {S.RESOLVED},
    "reopen": {S.RESOLVED},
    "rate": {S.RESOLVED, S.CONFIRMED},
}


def lock(wish: Wish) -> Wish:
    """The wish's row as it is now, locked until the transaction ends: permissions and
    the status are checked on this, never on the caller's possibly stale copy."""
    row = Wish.objects.select_for_update(of=("self",)).select_related("kind", "station")
    row = row.filter(pk=wish.pk).first()
    if row is None:
        raise WishError(_("No such request."), "wish_not_found")
    return row


def require_step(wish: Wish, step: str) -> Wish:
    """``bad_transition`` unless ``step`` may start from the wish's status."""
    if wish.status not in ALLOWED_FROM[step]:
        raise bad_transition(wish)
    return wish


def locked(wish: Wish, step: str) -> Wish:
    """``lock`` then ``require_step``, for steps whose permission needs no fresh row."""
    return require_step(lock(wish), step)


def bad_transition(wish: Wish) -> WishError:
    return WishError(
        _("This request is “%(status)s”: that step is not possible now.")
        % {"status": wish.get_status_display()},
        "bad_transition",
    )


def record(wish, action, *, actor, role, now, note: str = "", data=None) -> WishEvent:
    return WishEvent.objects.create(
        wish=wish,
        action=action,
        at=now,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_role=role,
        note=note.strip(),
        data=data or {},
    )


def processed_photos(uploads) -> list:
    """Every upload re-encoded, or a WishError for the first bad one: nothing is written
    until all of them passed."""
    uploads = list(uploads or [])
    limit = settings.HONGYI_WISH_PHOTOS_MAX
    if len(uploads) > limit:
        raise WishError(_("At most %(n)s photos.") % {"n": limit}, "too_many_photos")
    return [
        photo_process(upload, max_bytes=settings.HONGYI_WISH_PHOTO_MAX_BYTES) for upload in uploads
    ]


def photos_save(wish, processed, *, stage, event=None, now=None) -> list[WishPhoto]:
    """Store re-encoded photos. Callers do this last in their transaction, after every
    check, so a refusal never leaves a file behind without its row."""
    saved = []
    for photo in processed:
        secret = new_photo_secret()
        row = WishPhoto(wish=wish, event=event, stage=stage, secret=secret,
                        width=photo.width, height=photo.height, size=len(photo.content),
                        uploaded_at=now or timezone.now())  # fmt: skip
        row.image.save(f"{secret}.jpg", ContentFile(photo.content), save=False)
        row.save()
        saved.append(row)
    return saved


def required_text(value: str, message: str, code: str = "reason_required") -> str:
    value = (value or "").strip()
    if not value:
        raise WishError(message, code)
    return value

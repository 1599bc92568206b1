"""Notify staff: an in-app notification now, an e-mail after the transaction commits (django-tasks)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safepath.notifications.kinds import KINDS, render
from safepath.notifications.models import Notification


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    target_url: str = "",
    params: dict[str, Any] | None = None,
    email: bool = True,
    dedupe_key: str = "",
) -> list[Notification]:
    """Tell each recipient (active users, once each) that something needs them.

    `params` are shown to the recipient and e-mailed: reference numbers, dates, counts, agency and
    facility names only. With `dedupe_key`, a recipient who already has that alert gets no second one.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    clean = {k: str(v) for k, v in (params or {}).items()}
    seen: set[Any] = set()
    made: list[Notification] = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if dedupe_key and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
            continue
        try:
            with transaction.atomic():
                made.append(
                    Notification.objects.create(
                        recipient=user, kind=kind, params=clean, target_url=target_url, dedupe_key=dedupe_key
                    )
                )
        except IntegrityError:  # the same alert raised at the same moment by another sweep
            continue
    ids = [n.pk for n in made if n.recipient.email]
    if email and ids:
        from safepath.notifications.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(notification_ids=ids))
    return made


def email_notifications(notification_ids: list[int]) -> int:
    """Send the e-mails of these notifications (idempotent: a sent one is not sent again)."""
    sent = 0
    base = getattr(settings, "SAFEPATH_SITE_URL", "").rstrip("/")
    connection = get_connection()
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related("recipient")
    for note in pending:
        user = note.recipient
        if not user.email or not user.is_active:
            continue
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            text = render(note.kind, note.params)
            link = f"{base}{note.target_url}" if note.target_url else base
            body = "\n\n".join(
                part
                for part in (
                    text,
                    link,
                    _("You receive this because you work in SafePath. The details are in SafePath only."),
                )
                if part
            )
            send_mail(
                subject=f"[SafePath] {text}"[:150],
                message=body,
                from_email=None,
                recipient_list=[user.email],
                connection=connection,
            )
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def mark_read(*, user: Any, ids: Iterable[Any] | None = None) -> int:
    """Mark the user's own notifications as read (all of them when `ids` is None)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=[i for i in ids if str(i).isdigit()])
    return qs.update(read_at=timezone.now())

from __future__ import annotations

from django_tasks import task


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail notifications to their recipients, each in the recipient's language; skips those sent."""
    from safepath.notifications.services import email_notifications

    return email_notifications(notification_ids)

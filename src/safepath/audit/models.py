"""The access log: an append-only, hash-chained record of every read and change of personal data.

Each row holds an HMAC-SHA256 seal (keyed from the key ring) over its own content and the previous
row's seal, so a row altered, removed or inserted by hand breaks the chain at that point; `safepath audit verify` finds it. Rows carry
ids, never personal data: a searched name is logged as "a name search", not as the name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    LIST = "list", _("listed")
    SEARCH = "search", _("searched")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    LOGIN = "login", _("logged in")
    LOGOUT = "logout", _("logged out")
    LOGIN_FAILED = "login_failed", _("failed to log in")
    ROTATE_KEYS = "rotate_keys", _("re-encrypted with a new key")
    KEYS = "keys", _("changed the key ring")


class Channel(models.TextChoices):
    WEB = "web", _("web")
    API = "api", _("API")
    CLI = "cli", _("command line")
    TASK = "task", _("background task")
    EXPORT = "export", _("export")
    EMAIL = "email", _("e-mail intake")


class ObjectType(models.TextChoices):
    PERSON = "person", _("person")
    USER = "user", _("user")
    AGENCY = "agency", _("agency")
    CASE = "case", _("case")
    INTAKE = "intake", _("intake item")
    CONSULTATION = "consultation", _("consultation")
    NOTE = "note", _("case note")
    TASK = "task", _("task")
    CONSENT = "consent", _("consent")
    ATTACHMENT = "attachment", _("attachment")
    ASSESSMENT = "assessment", _("assessment")
    CARE_PLAN = "care_plan", _("care plan")
    PROVIDER = "provider", _("service provider")
    REFERRAL = "referral", _("referral")
    TRANSFER = "transfer", _("case transfer")
    FACILITY = "facility", _("shelter facility")
    STAY = "stay", _("shelter stay")
    REINTEGRATION_PLAN = "reintegration_plan", _("reintegration plan")
    FOLLOWUP_VISIT = "followup_visit", _("follow-up visit")
    SELF_HELP_GROUP = "self_help_group", _("self-help group")
    FEEDBACK = "feedback", _("feedback")
    ENTERPRISE = "enterprise", _("licensed recruitment enterprise")
    LICENCE_IMPORT = "licence_import", _("licence list import")
    COUNTRY_PROFILE = "country_profile", _("country profile")
    OUTREACH_EVENT = "outreach_event", _("outreach event")
    MATERIAL = "material", _("outreach material")


_MODELS = {
    "person": "people.Person",
    "user": "accounts.User",
    "agency": "accounts.Agency",
    "case": "cases.Case",
    "intake": "cases.IntakeItem",
    "consultation": "cases.Consultation",
    "task": "cases.Task",
    "consent": "cases.Consent",
    "assessment": "screening.Assessment",
    "care_plan": "plans.CarePlan",
}


class AccessEvent(models.Model):
    seq = models.BigIntegerField(_("number"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
        db_constraint=False,
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
        db_constraint=False,
    )
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=50, blank=True, db_index=True)
    object_ids = models.JSONField(_("records"), default=list, blank=True)
    object_count = models.PositiveIntegerField(_("number of records"), default=0)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    purpose = models.CharField(_("purpose"), max_length=50, blank=True)
    ip_address = models.CharField(_("from"), max_length=45, blank=True)
    request_id = models.CharField(_("request"), max_length=32, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["agency", "-seq"], name="audit_agency_seq"),
            models.Index(fields=["actor", "-seq"], name="audit_actor_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_username} {self.action} {self.object_type}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("The access log is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("The access log is append-only.")

    @property
    def changed_field_labels(self) -> list[str]:
        """The changed fields named as the forms name them (field names only, never values)."""
        from django.apps import apps
        from django.core.exceptions import FieldDoesNotExist

        names = list(self.detail.get("fields", [])) if isinstance(self.detail, dict) else []
        model_name = _MODELS.get(self.object_type)
        model = apps.get_model(model_name) if model_name else None
        labels = []
        for name in names:
            try:
                field = model._meta.get_field(name) if model else None
                # a reverse relation (e.g. a case's recruiter contacts) has no verbose_name
                labels.append(str(getattr(field, "verbose_name", name)) if field is not None else name)
            except FieldDoesNotExist:
                labels.append(name)
        return labels

    @property
    def object_type_label(self) -> str:
        return str(ObjectType(self.object_type).label) if self.object_type in ObjectType.values else self.object_type


class ObjectAccess(models.Model):
    """One row per record touched by an access event, so "who looked at this person?" is a lookup.

    Derived from AccessEvent.object_ids (which the hash covers); kept for querying only.
    """

    event = models.ForeignKey(AccessEvent, on_delete=models.CASCADE, related_name="touched")
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)

    class Meta:
        ordering = ["-event"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id}"

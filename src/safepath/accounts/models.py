from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safepath.accounts.roles import AgencyType, Role


class Agency(models.Model):
    """An organisation in the network: a resource centre, one-stop office, shelter, service..."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(
        _("short code"),
        max_length=20,
        unique=True,
        allow_unicode=False,
        help_text=_("Upper-case letters, digits and hyphens, e.g. HN-MRC. Used in case numbers."),
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=AgencyType.choices)
    province = models.ForeignKey(
        "places.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("province"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    intake_email = models.EmailField(
        _("intake e-mail address"),
        blank=True,
        unique=True,
        null=True,
        help_text=_("Mail sent to this address lands in the agency's intake queue."),
    )
    closure_needs_approval = models.BooleanField(
        _("closing a case needs a supervisor's approval"),
        default=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


# App labels whose permissions are decided by safepath.core.policy and nothing else.
POLICY_APPS = frozenset(
    {
        "people",
        "cases",
        "accounts",
        "audit",
        "core",
        "reports",
        "places",
        "screening",
        "plans",
        "notifications",
        "directory",
        "referrals",
        "shelters",
        "reintegration",
        "feedback",
        "recruiters",
        "outreach",
        "portal",
    }
)


class User(AbstractUser):
    """A staff member. Belongs to one agency and holds one or more roles."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("agency"),
    )
    phone = models.CharField(_("work phone"), max_length=30, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def role_codes(self) -> frozenset[str]:
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            if self.pk is None:
                cached = frozenset()
            elif "user_roles" in getattr(self, "_prefetched_objects_cache", {}):
                cached = frozenset(r.role for r in self.user_roles.all())  # lists prefetch them
            else:
                cached = frozenset(self.user_roles.values_list("role", flat=True))
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    def forget_roles(self) -> None:
        self.__dict__.pop("_role_codes", None)
        if hasattr(self, "_role_codes"):
            del self._role_codes

    def has_perm(self, perm: str, obj: object = None) -> bool:
        """SafePath's permissions come from the policy module only.

        Django would grant an active superuser everything, and ModelBackend would honour model
        permissions granted in the admin; neither may open a person's record. Permissions of
        Django's own apps (admin, auth...) keep Django's behaviour.
        """
        if perm.partition(".")[0] in POLICY_APPS:
            from rules.permissions import has_perm as policy_allows

            return bool(self.is_active and policy_allows(perm, self, obj))
        return super().has_perm(perm, obj)

    def get_full_name(self) -> str:
        """Vietnamese order: family (and middle) name, then given name."""
        return " ".join(p for p in (self.last_name.strip(), self.first_name.strip()) if p)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in sorted(self.role_codes)]


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_user_role")]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

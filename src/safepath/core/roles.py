from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    SHELTER_STAFF = "shelter_staff", _("Shelter staff")
    OUTREACH_OFFICER = "outreach_officer", _("Outreach officer")
    ANALYST = "analyst", _("Programme analyst")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class AgencyType(models.TextChoices):
    MRC = "mrc", _("Migrant resource centre")
    OSSO = "osso", _("One-stop service office")
    SHELTER = "shelter", _("Reception centre / shelter")
    SOCIAL_SERVICE = "social_service", _("Provincial social-affairs service")
    POLICE = "police", _("Police / border guard")
    WOMENS_UNION = "womens_union", _("Women's Union")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")
    MINISTRY = "ministry", _("Ministry / department")

"""Code lists for care plans: service types aligned with both the law and HTCDS."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    """What a planned service is. Each maps to a Law 53/2024 Art. 37 support type (or none) and an HTCDS spl_Type."""

    ESSENTIAL_NEEDS = "essential_needs", _("Essential needs (food, clothing, personal items)")
    SHELTER = "shelter", _("Shelter or safe accommodation")
    MEDICAL = "medical", _("Medical care")
    INTERPRETATION = "interpretation", _("Interpretation")
    LEGAL_INFORMATION = "legal_information", _("Legal information and counselling")
    LEGAL_AID = "legal_aid", _("Legal aid")
    DOCUMENTS = "documents", _("Identity and civil documents")
    TRAVEL = "travel", _("Travel home")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    REHABILITATION = "rehabilitation", _("Rehabilitation after exploitation")
    EDUCATION = "education", _("Schooling")
    VOCATIONAL_EMPLOYMENT = "vocational_employment", _("Vocational training and job placement")
    HARDSHIP_ALLOWANCE = "hardship_allowance", _("Initial hardship allowance")
    LOAN = "loan", _("Loan")
    LIVELIHOOD = "livelihood", _("Livelihood support (grant, in-kind)")
    FAMILY = "family", _("Family tracing, mediation and reunification")
    RIGHTS_TRAINING = "rights_training", _("Rights and safe-migration training")
    SAFETY = "safety", _("Safety planning and protection")
    OTHER = "other", _("Other")


# Service type -> the Art. 37 support type it delivers (entitlements.yaml codes) and the HTCDS spl_Type.
LEGAL_SUPPORT = {
    "essential_needs": "essential_needs",
    "shelter": "essential_needs",
    "medical": "medical",
    "interpretation": "interpretation",
    "legal_information": "legal_information",
    "legal_aid": "legal_aid",
    "travel": "travel",
    "psychological": "psychological",
    "education": "education",
    "vocational_employment": "vocational_employment",
    "hardship_allowance": "hardship_allowance",
    "loan": "loan",
}
HTCDS_SUPPORT_PLAN = {
    "essential_needs": "SocialCare",
    "shelter": "SocialCare",
    "medical": "Health",
    "interpretation": "SocialCare",
    "legal_information": "Legal",
    "legal_aid": "Legal",
    "documents": "Legal",
    "travel": "Financial",
    "psychological": "Health",
    "rehabilitation": "LabourExploitationRehabilitation",
    "education": "Education",
    "vocational_employment": "Livelihood",
    "hardship_allowance": "Financial",
    "loan": "Financial",
    "livelihood": "Livelihood",
    "family": "SocialCare",
    "rights_training": "RightsBasedTraining",
    "safety": "SocialCare",
    "other": "SocialCare",
}
# The services a need domain usually calls for: the plan builder offers these first.
DOMAIN_SERVICES = {
    "safety": ["safety", "shelter", "legal_information"],
    "health": ["medical", "psychological"],
    "psychosocial": ["psychological", "rehabilitation"],
    "legal_documents": ["documents", "legal_information", "legal_aid"],
    "shelter": ["shelter", "essential_needs", "travel"],
    "livelihood": ["hardship_allowance", "livelihood", "loan", "vocational_employment"],
    "education_training": ["education", "vocational_employment"],
    "family": ["family", "travel"],
}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    CLOSED = "closed", _("Closed")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    DROPPED = "dropped", _("No longer needed")


class ServiceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Provider(models.TextChoices):
    INTERNAL = "internal", _("Our agency")
    REFERRAL = "referral", _("Another organisation, by referral")

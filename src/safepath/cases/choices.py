"""Code lists of case management.

Trafficking facts use the HTCDS 2.0 value names as keys (see shared/domain/reference.md §1.1), with
Vietnamese labels through the translation catalogue; Vietnamese extensions carry a `vn_` prefix
where HTCDS has no value (Zalo). Legal statuses follow Law 53/2024/QH15 on prevention and combat of
human trafficking (effective 1 July 2025).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IntakeChannel(models.TextChoices):
    WEB = "web", _("Web help request")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone call")
    WALK_IN = "walk_in", _("Walk-in")
    OUTREACH = "outreach", _("Outreach")
    REFERRAL_IN = "referral_in", _("Referral from another organisation")
    BORDER_HANDOVER = "border_handover", _("Border-guard handover")
    OTHER = "other", _("Other")


class IntakeStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("Being reviewed")
    CONVERTED = "converted", _("Taken up")
    CLOSED = "closed", _("Closed without follow-up")


class IntakeCloseReason(models.TextChoices):
    NO_ACTION_NEEDED = "no_action", _("No action needed")
    UNREACHABLE = "unreachable", _("Could not reach the person")
    DUPLICATE = "duplicate", _("Duplicate of another item")
    SPAM = "spam", _("Spam or abuse")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Belongs to another organisation")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    EMERGENCY = "emergency", _("Emergency: danger now")


class ConsultationChannel(models.TextChoices):
    ON_SITE = "on_site", _("At the centre")
    PHONE = "phone", _("By phone")
    EMAIL = "email", _("By e-mail")
    ONLINE = "online", _("Online (chat, Zalo, Facebook, video)")


class MigrationStage(models.TextChoices):
    POTENTIAL = "potential", _("Potential migrant")
    IN_TRANSIT = "in_transit", _("In transit")
    ABROAD = "abroad", _("Abroad")
    RETURNED = "returned", _("Returned")


class Topic(models.TextChoices):
    LEGAL_CHANNELS = "legal_channels", _("Legal migration channels")
    FEES_DEBTS = "fees_debts", _("Fees and debts")
    CONTRACTS = "contracts", _("Contracts")
    RECRUITER_CHECK = "recruiter_check", _("Checking a recruiter")
    DESTINATION_INFO = "destination_info", _("Information on the destination")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure preparation")
    SKILLS_LANGUAGE = "skills_language", _("Skills and language training")
    REMITTANCES = "remittances", _("Remittances and savings")
    HEALTH = "health", _("Health")
    RIGHTS_AT_WORK = "rights_at_work", _("Rights at work")
    COMPLAINTS = "complaints", _("Complaints and disputes")
    DOCUMENTS = "documents", _("Passports, visas and documents")
    ONLINE_SCAMS = "online_scams", _("Online job scams")
    TRAFFICKING = "trafficking", _("Trafficking concerns")
    RETURN = "return", _("Return and rescue")
    REINTEGRATION = "reintegration", _("Reintegration and jobs after return")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    OTHER = "other", _("Other")


class ConsultationOutcome(models.TextChoices):
    INFORMATION_GIVEN = "information_given", _("Information and advice given")
    REFERRED = "referred", _("Referred to a service")
    CASE_OPENED = "case_opened", _("Case opened")
    FOLLOW_UP = "follow_up", _("Follow-up needed")
    NO_FURTHER_ACTION = "no_further_action", _("No further action")


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", _("under 18")
    A18_24 = "18-24", "18–24"
    A25_34 = "25-34", "25–34"
    A35_44 = "35-44", "35–44"
    A45_59 = "45-59", "45–59"
    A60_PLUS = "60+", _("60 and over")
    UNKNOWN = "unknown", _("not known")


class CaseType(models.TextChoices):
    INFORMATION = "information", _("Information and counselling")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure and career orientation")
    DISTRESS_ABROAD = "distress_abroad", _("Migrant in distress abroad")
    RETURNED = "returned", _("Returned migrant")
    SUSPECTED_TRAFFICKING = "suspected_trafficking", _("Suspected trafficking")
    IDENTIFIED_VICTIM = "identified_victim", _("Identified trafficking victim")
    VULNERABLE = "vulnerable", _("Vulnerable migrant")


class LegalStatus(models.TextChoices):
    """Law 53/2024/QH15: who is protected, and from when."""

    NOT_ASSESSED = "not_assessed", _("Not assessed")
    UNDER_ID_ABROAD = "under_identification_abroad", _("Under victim identification (abroad)")
    UNDER_ID_VIETNAM = "under_identification_vietnam", _("Under victim identification (in Viet Nam)")
    VICTIM = "victim", _("Victim")
    ACCOMPANYING_MINOR = "accompanying_minor", _("Accompanying child under 18 of a victim")
    FOREIGN_VICTIM = "foreign_victim", _("Foreign victim")


class ExploitationType(models.TextChoices):
    """HTCDS vic_TypeOfExploitation."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL_EXPLOITATION = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY = "ForcedMilitaryByNonStateActors", _("Forced military service by non-state actors")
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Surrogacy")
    FORCED_CRIMINALITY = "vn_ForcedCriminality", _("Forced criminal activity (online scams)")
    OTHER = "Other", _("Other")


class MeansOfControl(models.TextChoices):
    """CTDC/HTCDS means of control."""

    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCIAL_ACCESS = "RestrictsFinancialAccess", _("Restricts access to money")
    THREATS = "Threats", _("Threats")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PSYCHOACTIVE_SUBSTANCES = "PsychoactiveSubstances", _("Psychoactive substances")
    RESTRICTS_MOVEMENT = "RestrictsMovement", _("Restricts movement")
    RESTRICTS_MEDICAL_CARE = "RestrictsMedicalCare", _("Restricts medical care")
    EXCESSIVE_WORKING_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    USES_CHILDREN = "UsesChildren", _("Uses children")
    THREAT_OF_LAW_ENFORCEMENT = "ThreatOfLawEnforcement", _("Threat of law enforcement")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds necessities")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", _("Other")


class RecruitmentMethod(models.TextChoices):
    """HTCDS vic_MethodOfRecruitment."""

    PLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    EDUCATIONAL_INSTITUTION = "AtAnEducationalInstitution", _("At a school or college")
    AT_WORK = "AtWork", _("At work")
    ONLINE_SOCIAL_NETWORKS = "ThroughOnlineSocialNetworks", _("Through online social networks")
    ONLINE_ADVERTISEMENT = "ThroughAnOnlineAdvertisement", _("Through an online advertisement")
    TELEVISION_ADVERT = "ThroughATelevisionAdvert", _("Through a television advert")
    NEWSPAPER_ADVERT = "ThroughANewspaperAdvert", _("Through a newspaper advert")
    FAMILY = "ThroughFamilyOrFamilyEvents", _("Through family or family events")
    FRIENDS = "ThroughFriendsOrSocialEvents", _("Through friends or social events")
    OTHER = "Other", _("Other")


class RecruitmentApp(models.TextChoices):
    """HTCDS vic_RecruitmentWebsitesAndApps, with Zalo added for Viet Nam."""

    ZALO = "vn_Zalo", "Zalo"
    FACEBOOK = "Facebook", "Facebook"
    FACEBOOK_MESSENGER = "FacebookMessenger", "Facebook Messenger"
    TIKTOK = "TikTok", "TikTok"
    TELEGRAM = "Telegram", "Telegram"
    WHATSAPP = "WhatsApp", "WhatsApp"
    VIBER = "Viber", "Viber"
    LINE = "Line", "Line"
    WECHAT = "WeChat", "WeChat"
    INSTAGRAM = "Instagram", "Instagram"
    TWITTER = "Twitter", "X (Twitter)"
    OTHER = "Other", _("Other")


class RecruiterRelationship(models.TextChoices):
    """CTDC recruiterRelation."""

    UNKNOWN = "Unknown", _("Not known")
    INTIMATE_PARTNER = "IntimatePartner", _("Intimate partner")
    FRIEND = "Friend", _("Friend")
    FAMILY = "Family", _("Family member")
    STRANGER = "vn_Stranger", _("Stranger or online contact")
    BROKER = "vn_Broker", _("Broker or company")
    OTHER = "Other", _("Other")


class RecruiterContactKind(models.TextChoices):
    PHONE = "phone", _("Phone number")
    ZALO = "zalo", "Zalo"
    FACEBOOK = "facebook", "Facebook"
    TELEGRAM = "telegram", "Telegram"
    OTHER = "other", _("Other account or website")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    SCREENING = "screening", _("Screening")
    ASSESSMENT = "assessment", _("Assessment")
    PLANNING = "planning", _("Planning")
    ACTIVE = "active", _("Active support")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Support goals met")
    REINTEGRATED = "reintegrated", _("Reintegrated in the community")
    TRANSFERRED = "transferred", _("Transferred to another agency")
    DECLINED = "declined", _("Person declined further support")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible / no needs found")
    MOVED_ABROAD = "moved_abroad", _("Left the country again")
    DECEASED = "deceased", _("Deceased")
    DUPLICATE = "duplicate", _("Duplicate case")
    OTHER = "other", _("Other")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TaskKind(models.TextChoices):
    TASK = "task", _("Task")
    FOLLOW_UP = "follow_up", _("Follow-up check")
    CALL = "call", _("Call back")
    VISIT = "visit", _("Home visit")


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("Keeping a case file and giving support")
    REFERRAL = "referral", _("Referral to a service")
    TRANSFER = "transfer", _("Transfer of the case to another agency")
    CONTACT = "contact", _("Being contacted (phone, message, visit)")
    FAMILY_CONTACT = "family_contact", _("Contacting family members")
    STATISTICS = "statistics", _("De-identified statistics")
    MEDIA = "media", _("Photos or stories in publications")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Signed in writing")
    VERBAL = "verbal", _("Given verbally, witnessed")
    ELECTRONIC = "electronic", _("Given electronically")
    GUARDIAN = "guardian", _("Given by parent or guardian")


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    ID_DOCUMENT = "id_document", _("Identity document")
    CONTRACT = "contract", _("Contract or recruitment papers")
    CONSENT_FORM = "consent_form", _("Signed consent form")
    PHOTO = "photo", _("Photo")
    MESSAGE = "message", _("Screenshot of messages")
    EMAIL = "email", _("E-mail attachment")
    OTHER = "other", _("Other")

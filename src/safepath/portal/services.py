"""Writes of the public portal: country profiles (draft -> in review -> published), help requests from
the public, and visit counts.

Profiles: staff write a draft in both languages; another person (another writer or a supervisor)
publishes it. Every published version is kept, with its author, its reviewer and its date; an earlier
version can be restored as a new draft. Publishing raises the content version, which is part of every
cached page's key, so the public pages show the new text at once.

Help requests: what a person typed on the public form lands in the intake queue of the centre they
chose, or the centre of their province, or the default centre (settings.SAFEPATH_PORTAL_DEFAULT_AGENCY,
an agency code). It is committed to the database before the answer page is built. The answer is the
same whoever the person is: nothing is looked up about them, so it cannot tell whether they are known.
"""

from __future__ import annotations

import atexit
import copy
import datetime as dt
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safepath.accounts.models import Agency
from safepath.accounts.roles import AgencyType
from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.core import validate as v
from safepath.core.context import RequestContext, current_context, reset_context, set_context
from safepath.core.crypto import blind_index
from safepath.core.normalize import InvalidPhoneNumber, clean_text, normalize_email, normalize_phone
from safepath.places.models import Country, Province
from safepath.portal import reference
from safepath.portal.models import (
    LANGS,
    OPEN_STATUSES,
    CountryProfile,
    PageView,
    PortalState,
    ProfileKind,
    ProfileVersion,
    VersionStatus,
    sections_for,
)
from safepath.portal.protect import portal_cache

MAX_SECTION = 20_000
MAX_TITLE = 200
MAX_SUMMARY = 1_000
CONTENT_VERSION_KEY = "portal:content-version"
# Other server processes with their own in-process cache see a new publication within this time.
CONTENT_VERSION_TTL = 10


# --- content version (the key of the page caches) ----------------------------------------------------
def content_version() -> int:
    cache = portal_cache()
    value = cache.get(CONTENT_VERSION_KEY)
    if value is None:
        value = PortalState.objects.filter(pk=1).values_list("content_version", flat=True).first() or 0
        cache.set(CONTENT_VERSION_KEY, value, CONTENT_VERSION_TTL)
    return int(value)


def content_version_bump() -> None:
    """Inside the publishing transaction; the cached value is dropped once it commits."""
    if not PortalState.objects.filter(pk=1).update(content_version=F("content_version") + 1):
        try:
            with transaction.atomic():
                PortalState.objects.create(pk=1, content_version=1)
        except IntegrityError:
            PortalState.objects.filter(pk=1).update(content_version=F("content_version") + 1)
    # Dropped now (this process's pages change at once) and again after the commit (a request that
    # read the old value in between must not keep it).
    portal_cache().delete(CONTENT_VERSION_KEY)
    transaction.on_commit(lambda: portal_cache().delete(CONTENT_VERSION_KEY))


# --- visit counts ---------------------------------------------------------------------------------------
# Views are added up in the process and written every few seconds (settings.SAFEPATH_PORTAL_VISIT_FLUSH_SECONDS,
# 0: at once) as atomic increments, one UPDATE ... SET count = count + n per page, day and language: a busy
# page costs one write per interval instead of one per view. A crash loses at most that interval's counts.
_views: dict[tuple[str, dt.date, str], int] = {}
_views_lock = threading.Lock()
_views_flushed = [time.monotonic()]
log = logging.getLogger(__name__)


def _flush_interval() -> float:
    return float(getattr(settings, "SAFEPATH_PORTAL_VISIT_FLUSH_SECONDS", 5))


def page_view_count(*, page: str, lang: str) -> None:
    """One more view of a page today, in a language. Nothing about the visitor is known or kept."""
    key = (page[:80], timezone.localdate(), lang if lang in LANGS else "vi")
    with _views_lock:
        _views[key] = _views.get(key, 0) + 1
        due = time.monotonic() - _views_flushed[0] >= _flush_interval()
    if due:
        page_views_flush()


def _increment(page: str, day: dt.date, lang: str, n: int) -> None:
    rows = PageView.objects.filter(page=page, day=day, lang=lang)
    if rows.update(count=F("count") + n):
        return
    try:
        with transaction.atomic():
            PageView.objects.create(page=page, day=day, lang=lang, count=n)
    except IntegrityError:  # another process created the row first
        rows.update(count=F("count") + n)


def page_views_flush() -> None:
    """Write the counts added up in this process (a failure keeps them for the next time)."""
    with _views_lock:
        pending = dict(_views)
        _views.clear()
        _views_flushed[0] = time.monotonic()
    if not pending:
        return
    try:
        with transaction.atomic():
            for (page, day, lang), n in sorted(pending.items()):
                _increment(page, day, lang, n)
    except DatabaseError:
        log.warning("portal visit counts not written yet; kept for the next flush")
        with _views_lock:
            for key, n in pending.items():
                _views[key] = _views.get(key, 0) + n


def _safe_flush() -> None:
    try:
        page_views_flush()
    except Exception:
        log.warning("portal visit counts lost at exit")


atexit.register(_safe_flush)


# --- profiles ---------------------------------------------------------------------------------------
def _empty_content(profile: CountryProfile) -> dict[str, dict[str, str]]:
    content = {
        "title": {lang: profile.default_title(lang) if profile.kind == ProfileKind.COUNTRY else "" for lang in LANGS},
        "summary": dict.fromkeys(LANGS, ""),
    }
    for key, _label in sections_for(profile.kind):
        content[key] = dict.fromkeys(LANGS, "")
    return content


def content_keys(kind: str) -> list[str]:
    return ["title", "summary", *[key for key, _label in sections_for(kind)]]


def clean_content(e: v.Errors, kind: str, data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The text of a version from a form's fields (`<key>_vi`, `<key>_en`) or a content dict."""
    out: dict[str, dict[str, str]] = {}
    for key in content_keys(kind):
        out[key] = {}
        for lang in LANGS:
            raw = data.get(f"{key}_{lang}")
            if raw is None and isinstance(data.get(key), Mapping):
                raw = data[key].get(lang)
            limit = MAX_TITLE if key == "title" else MAX_SUMMARY if key == "summary" else MAX_SECTION
            out[key][lang] = v.text(e, f"{key}_{lang}", raw, limit=limit)
            if key == "title" and "\n" in out[key][lang]:
                out[key][lang] = " ".join(out[key][lang].split())
    return out


def _audit(actor: Any, action: str, profile: CountryProfile, version: ProfileVersion | None, step: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="country_profile",
        object_ids=[profile.pk],
        purpose=step,
        detail={"version": version.number if version else None, "status": version.status if version else None},
    )


def _next_number(profile: CountryProfile) -> int:
    last = ProfileVersion.objects.filter(profile=profile).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def profile_create(
    *,
    actor: Any,
    kind: str,
    country_id: Any = None,
    slug: str = "",
    region_countries: Any = None,
    title_vi: str = "",
    title_en: str = "",
) -> tuple[CountryProfile, ProfileVersion]:
    """A new profile with its first draft. A country's page is at its ISO code; a warning's at its slug."""
    v.require(actor, "portal.edit_profiles")
    e = v.Errors()
    kind = v.choice(e, "kind", kind, ProfileKind.values)
    country = None
    regions: list[str] = []
    if kind == ProfileKind.COUNTRY:
        code = str(country_id or "").strip().upper()
        country = Country.objects.filter(pk=code).first() if code else None
        if country is None:
            e.add("country", _("Choose a country."))
        elif CountryProfile.objects.filter(country=country).exists():
            e.add("country", _("This country already has a profile."))
        slug = code.lower()
    elif kind == ProfileKind.WARNING:
        slug = clean_text(str(slug or "")).lower()
        if not slug or len(slug) > 40 or not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in slug):
            e.add("slug", _("Use lower-case letters, digits and hyphens (at most 40), e.g. scam-compounds."))
        elif CountryProfile.objects.filter(slug=slug).exists():
            e.add("slug", _("This address is already used."))
        raw = region_countries or []
        if isinstance(raw, str):
            raw = raw.replace(";", ",").split(",")
        regions = sorted({str(c).strip().upper() for c in raw if str(c).strip()})
        known = set(Country.objects.filter(pk__in=regions).values_list("pk", flat=True))
        unknown = [c for c in regions if c not in known]
        if unknown:
            e.add("region_countries", _("Unknown value: %(values)s.") % {"values": ", ".join(unknown[:5])})
        if not regions:
            e.add("region_countries", _("Name at least one country (ISO codes, e.g. KH, MM, LA)."))
    titles = {
        "vi": v.text(e, "title_vi", title_vi, limit=MAX_TITLE),
        "en": v.text(e, "title_en", title_en, limit=MAX_TITLE),
    }
    if kind == ProfileKind.WARNING and not titles["vi"]:
        e.add("title_vi", _("This field is required."))
    e.raise_if_any()
    with transaction.atomic():
        profile = CountryProfile.objects.create(
            kind=kind, slug=slug, country=country, region_countries=regions, created_by=actor
        )
        content = _empty_content(profile)
        for lang in LANGS:
            if titles[lang]:
                content["title"][lang] = titles[lang]
        version = ProfileVersion.objects.create(
            profile=profile, number=1, content=content, author=actor, edited_by=[actor.pk]
        )
        _audit(actor, Action.CREATE, profile, version, "profile_create")
    return profile, version


def draft_open(*, actor: Any, profile: CountryProfile) -> ProfileVersion:
    """The profile's open draft (or the one in review), or a new draft copied from the published text."""
    v.require(actor, "portal.edit_profiles")
    with transaction.atomic():
        locked = CountryProfile.objects.select_for_update().get(pk=profile.pk)
        existing = ProfileVersion.objects.filter(profile=locked, status__in=OPEN_STATUSES).first()
        if existing is not None:
            return existing
        base = locked.published
        content = copy.deepcopy(base.content) if base is not None else _empty_content(locked)
        version = ProfileVersion.objects.create(
            profile=locked,
            number=_next_number(locked),
            content=content,
            author=actor,
            edited_by=[actor.pk],
            based_on=base,
        )
        _audit(actor, Action.CREATE, locked, version, "draft_open")
    return version


def _locked_version(version: ProfileVersion) -> ProfileVersion:
    return ProfileVersion.objects.select_for_update().select_related("profile").get(pk=version.pk)


def draft_save(*, actor: Any, version: ProfileVersion, data: Mapping[str, Any], revision: Any) -> ProfileVersion:
    """Save the text of a draft. `revision` is the one the form was opened with: if someone saved in
    between, nothing is overwritten and the form says so."""
    v.require(actor, "portal.edit_profiles")
    e = v.Errors()
    content = clean_content(e, version.profile.kind, data)
    e.raise_if_any()
    with transaction.atomic():
        current = _locked_version(version)
        if current.status != VersionStatus.DRAFT:
            raise ValidationError({"status": [_("Only a draft can be changed. Send it back to draft first.")]})
        if str(current.revision) != str(revision):
            raise ValidationError(
                {
                    "revision": [
                        _("Someone else saved this draft while you were writing. Copy your text, reload and try again.")
                    ]
                }
            )
        current.content = content
        current.revision += 1
        if actor.pk not in current.edited_by:
            current.edited_by = [*current.edited_by, actor.pk]
        current.save(update_fields=["content", "revision", "edited_by", "updated_at"])
        _audit(actor, Action.UPDATE, current.profile, current, "draft_save")
    return current


def draft_submit(*, actor: Any, version: ProfileVersion) -> ProfileVersion:
    """Send a draft for review: a second person will publish it or send it back."""
    v.require(actor, "portal.edit_profiles")
    with transaction.atomic():
        current = _locked_version(version)
        if current.status != VersionStatus.DRAFT:
            raise ValidationError({"status": [_("Only a draft can be sent for review.")]})
        e = v.Errors()
        for lang in LANGS:
            if not current.text("title", lang):
                e.add(f"title_{lang}", _("Give the page a title in both languages."))
        if not any(current.text(key, "vi") for key, _label in sections_for(current.profile.kind)):
            e.add("content", _("Write at least one section before sending it for review."))
        e.raise_if_any()
        current.status = VersionStatus.IN_REVIEW
        current.submitted_at = timezone.now()
        current.review_note = ""
        current.save(update_fields=["status", "submitted_at", "review_note", "updated_at"])
        _audit(actor, Action.UPDATE, current.profile, current, "draft_submit")
    return current


def version_send_back(*, actor: Any, version: ProfileVersion, note: str = "") -> ProfileVersion:
    """A version in review goes back to draft, with the reviewer's note (its writers may also take it back)."""
    e = v.Errors()
    note = v.text(e, "note", note, limit=2000)
    e.raise_if_any()
    with transaction.atomic():
        current = _locked_version(version)
        if current.status != VersionStatus.IN_REVIEW:
            raise ValidationError({"status": [_("This version is not waiting for review.")]})
        if not (actor.has_perm("portal.publish_version", current) or actor.has_perm("portal.edit_profiles")):
            raise PermissionDenied(_("You may not do this."))
        current.status = VersionStatus.DRAFT
        current.review_note = note
        current.revision += 1
        current.save(update_fields=["status", "review_note", "revision", "updated_at"])
        _audit(actor, Action.UPDATE, current.profile, current, "version_send_back")
    return current


def version_publish(*, actor: Any, version: ProfileVersion) -> ProfileVersion:
    """Publish a version in review. The publisher is a second person: never its author or one of its writers."""
    with transaction.atomic():
        current = _locked_version(version)
        # Checked here too, not only in the policy: no role (not even a superuser's) publishes its own text.
        if actor.pk == current.author_id or actor.pk in set(current.edited_by or []):
            raise PermissionDenied(_("A second person must publish: you wrote in this version."))
        v.require(actor, "portal.publish_version", current, message=_("You may not publish this version."))
        profile = CountryProfile.objects.select_for_update().get(pk=current.profile_id)
        now = timezone.now()
        previous = ProfileVersion.objects.filter(profile=profile, status=VersionStatus.PUBLISHED).first()
        if previous is not None:
            previous.status = VersionStatus.ARCHIVED
            previous.archived_at = now
            previous.save(update_fields=["status", "archived_at", "updated_at"])
        current.status = VersionStatus.PUBLISHED
        current.reviewer = actor
        current.published_at = now
        current.save(update_fields=["status", "reviewer", "published_at", "updated_at"])
        profile.published = current
        profile.save(update_fields=["published"])
        content_version_bump()
        _audit(actor, Action.UPDATE, profile, current, "version_publish")
    return current


def version_restore(*, actor: Any, version: ProfileVersion) -> ProfileVersion:
    """An earlier version's text as a new draft (the history is not changed)."""
    v.require(actor, "portal.edit_profiles")
    if version.status not in (VersionStatus.PUBLISHED, VersionStatus.ARCHIVED, VersionStatus.DISCARDED):
        raise ValidationError({"status": [_("Only an earlier version can be restored.")]})
    with transaction.atomic():
        profile = CountryProfile.objects.select_for_update().get(pk=version.profile_id)
        if ProfileVersion.objects.filter(profile=profile, status__in=OPEN_STATUSES).exists():
            raise ValidationError(
                {
                    "status": [
                        _("This profile already has a draft. Publish or discard it before restoring another version.")
                    ]
                }
            )
        draft = ProfileVersion.objects.create(
            profile=profile,
            number=_next_number(profile),
            content=copy.deepcopy(version.content),
            author=actor,
            edited_by=[actor.pk],
            based_on=version,
        )
        _audit(actor, Action.CREATE, profile, draft, "version_restore")
    return draft


def draft_discard(*, actor: Any, version: ProfileVersion) -> ProfileVersion:
    v.require(actor, "portal.edit_profiles")
    with transaction.atomic():
        current = _locked_version(version)
        if current.status not in OPEN_STATUSES:
            raise ValidationError({"status": [_("Only a draft can be discarded.")]})
        current.status = VersionStatus.DISCARDED
        current.save(update_fields=["status", "updated_at"])
        _audit(actor, Action.UPDATE, current.profile, current, "draft_discard")
    return current


# --- help requests from the public -----------------------------------------------------------------------
CONTACT_METHODS = ("phone", "zalo", "email", "none")
HELP_AGENCY_TYPES = (AgencyType.MRC, AgencyType.OSSO, AgencyType.SOCIAL_SERVICE, AgencyType.SHELTER)
MAX_HELP_TEXT = 4_000
MAX_OFFER_TEXT = 10_000


@dataclass
class HelpInput:
    what_happened: str = ""
    contact_method: str = "phone"
    contact: str = ""
    name: str = ""
    province_id: str = ""
    agency_id: str = ""
    consent: bool = False
    danger: bool = False
    offer_text: str = ""


@dataclass
class HelpReceipt:
    reference: str
    agency: Agency
    urgent: bool


def help_agency_types() -> tuple[str, ...]:
    """Agency types that receive help requests (settings.SAFEPATH_PORTAL_HELP_AGENCY_TYPES), most wanted first."""
    return tuple(getattr(settings, "SAFEPATH_PORTAL_HELP_AGENCY_TYPES", None) or HELP_AGENCY_TYPES)


def help_centres() -> list[Agency]:
    """The centres a person may choose on the form, by province (resource centres first in each)."""
    types = help_agency_types()
    order = Case(
        *[When(type=t, then=Value(i)) for i, t in enumerate(types)],
        default=Value(99),
        output_field=IntegerField(),
    )
    return list(
        Agency.objects.filter(is_active=True, type__in=types)
        .select_related("province")
        .annotate(type_rank=order)
        .order_by("province__sort_key", "type_rank", "code")
    )


def help_route(*, province_id: str = "") -> Agency | None:
    """The first centre of the province, else the default agency (a centre the person chose is checked
    by _help_clean and needs no route)."""
    if province_id:
        # help_centres() is ordered by province, then type (resource centres first), then code.
        in_province = [a for a in help_centres() if a.province_id == province_id]
        if in_province:
            return in_province[0]
    code = getattr(settings, "SAFEPATH_PORTAL_DEFAULT_AGENCY", "") or "HN-MRC"
    default = Agency.objects.filter(code=code, is_active=True).first()
    if default is not None:
        return default
    centres = help_centres()
    mrcs = [a for a in centres if a.type == AgencyType.MRC]
    fallback = mrcs or centres
    return fallback[0] if fallback else None


def _help_clean(data: HelpInput) -> tuple[dict[str, Any], v.Errors]:
    e = v.Errors()
    out: dict[str, Any] = {}
    out["what_happened"] = v.text(e, "what_happened", data.what_happened, limit=MAX_HELP_TEXT)
    out["offer_text"] = v.text(e, "offer_text", data.offer_text, limit=MAX_OFFER_TEXT)
    if not out["what_happened"] and not out["offer_text"]:
        e.add("what_happened", _("Tell us in a few words what happened or what you need."))
    method = data.contact_method if data.contact_method in CONTACT_METHODS else ""
    if not method:
        e.add("contact_method", _("Choose how we can reach you."))
    out["contact_method"] = method
    out["name"] = v.text(e, "name", data.name, limit=100).replace("\n", " ")
    contact = clean_text(str(data.contact or ""))[:200]
    out["phone"] = out["email"] = ""
    if method in ("phone", "zalo"):
        if not contact:
            e.add("contact", _("Write the phone number we can call or reach on Zalo."))
        else:
            try:
                out["phone"] = normalize_phone(contact)
            except InvalidPhoneNumber:
                e.add(
                    "contact",
                    _(
                        "This is not a valid phone number. Write it as 0912 345 678, or +country code for a foreign number."
                    ),
                )
    elif method == "email":
        email = normalize_email(contact)
        if not email:
            e.add("contact", _("Write the e-mail address we can write to."))
        elif "@" not in email or " " in email or len(email) > 254 or email.startswith("@") or email.endswith("@"):
            e.add("contact", _("Enter a valid e-mail address."))
        out["email"] = email
    out["consent"] = bool(data.consent)
    if method in ("phone", "zalo", "email") and not out["consent"]:
        e.add("consent", _("Tick the box so that the centre may contact you, or choose “Do not contact me”."))
    province_id = str(data.province_id or "").strip()
    if province_id and not Province.objects.filter(pk=province_id).exists():
        e.add("province", _("Choose one of the listed values."))
        province_id = ""
    out["province_id"] = province_id or None
    agency_id = str(data.agency_id or "").strip()
    out["agency"] = next((a for a in help_centres() if str(a.pk) == agency_id), None) if agency_id else None
    if agency_id and out["agency"] is None:
        e.add("agency", _("Choose one of the listed values."))
    out["danger"] = bool(data.danger)
    return out, e


def _help_body(clean: Mapping[str, Any]) -> str:
    parts = []
    if clean["what_happened"]:
        parts.append(clean["what_happened"])
    if clean["offer_text"]:
        parts.append(_("Job offer the person checked on the website:") + "\n" + clean["offer_text"])
    method_labels = {
        "phone": _("phone call"),
        "zalo": _("Zalo"),
        "email": _("e-mail"),
        "none": _("do not contact"),
    }
    parts.append(_("Preferred contact: %(method)s") % {"method": method_labels[clean["contact_method"]]})
    return "\n\n".join(parts)


# Field names of cases.services._clean_intake -> the names of the public form.
_INTAKE_FIELDS = {
    "body": "what_happened",
    "subject": "what_happened",
    "contact_phone": "contact",
    "contact_email": "contact",
    "contact_name": "name",
    "province": "province",
}


def help_request_submit(*, data: HelpInput) -> HelpReceipt:
    """Store a help request in the right intake queue and return its reference code.

    Raises ValidationError (field names of the public form) when something must be fixed. Runs without
    the client's address: the access-log entry written with the item records the channel, not who sent it.
    """
    from safepath.cases.choices import IntakeChannel, Urgency
    from safepath.cases.services import IntakeInput, intake_receive

    clean, e = _help_clean(data)
    e.raise_if_any()
    agency = clean["agency"] or help_route(province_id=clean["province_id"] or "")
    if agency is None:
        raise ValidationError({"agency": [_("No centre can receive requests at the moment. Please call a hotline.")]})
    with translation.override("vi"):  # the queue is read in Vietnamese
        first = " ".join((clean["what_happened"] or clean["offer_text"]).split())
        start = first if len(first) <= 80 else first[:79].rstrip() + "…"
        subject = _("Web help request: %(start)s") % {"start": start}
        body = _help_body(clean)
    intake = IntakeInput(
        channel=IntakeChannel.WEB,
        subject=subject,
        body=body,
        contact_name=clean["name"],
        contact_phone=clean["phone"] if clean["consent"] else "",
        contact_email=clean["email"] if clean["consent"] else "",
        consent_to_contact=clean["consent"],
        urgency=Urgency.EMERGENCY if clean["danger"] else Urgency.NORMAL,
        province_id=clean["province_id"],
        referred_by="",
    )
    # The same text with the same contact, sent twice the same day (a double tap, a reload): stored once.
    # Keyed like the blind indexes: a plain hash of the contact and the text would let anyone holding the
    # table test guessed phone numbers against it.
    fingerprint = "|".join(
        [
            str(agency.pk),
            timezone.localdate().isoformat(),
            body,
            clean["phone"],
            clean["email"],
            clean["name"],
        ]
    )
    message_id = "portal-help:" + blind_index(fingerprint, purpose="portal.help")
    ctx = current_context()
    token = set_context(RequestContext(request_id=ctx.request_id, ip=None, channel="web", user_agent=""))
    try:
        item, _created = intake_receive(agency=agency, data=intake, message_id=message_id)
    except ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for name, messages in exc.message_dict.items():
            errors.setdefault(_INTAKE_FIELDS.get(name, "what_happened"), []).extend(messages)
        raise ValidationError(errors) from exc
    finally:
        reset_context(token)
    return HelpReceipt(reference=reference.code_for(item.pk), agency=agency, urgent=bool(clean["danger"]))

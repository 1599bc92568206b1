"""Staff pages of the portal: the country profiles (write, review, publish, restore) and the visit statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from safepath.core import validate as v
from safepath.places.models import Country
from safepath.portal import markup, reference, selectors, services
from safepath.portal.models import (
    LANGS,
    OPEN_STATUSES,
    CountryProfile,
    ProfileKind,
    ProfileVersion,
    VersionStatus,
    sections_for,
)
from safepath.portal.public import NAV, count_name, profile_url


def _fields(kind: str) -> list[dict[str, Any]]:
    """The form's rows: one per text, Vietnamese and English side by side."""
    rows: list[dict[str, Any]] = [
        {"key": "title", "label": _("Title"), "rows": 1, "limit": services.MAX_TITLE},
        {
            "key": "summary",
            "label": _("Summary (shown in lists and at the top)"),
            "rows": 3,
            "limit": services.MAX_SUMMARY,
        },
    ]
    rows += [
        {"key": key, "label": label, "rows": 10, "limit": services.MAX_SECTION} for key, label in sections_for(kind)
    ]
    return rows


def _rows_with_values(kind: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for row in _fields(kind):
        out.append({**row, **{lang: values.get(f"{row['key']}_{lang}", "") for lang in LANGS}})
    return out


def _values_of(version: ProfileVersion) -> dict[str, str]:
    return {
        f"{key}_{lang}": version.text(key, lang)
        for key in services.content_keys(version.profile.kind)
        for lang in LANGS
    }


@login_required
def profile_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.profile_list(user=request.user)
    for row in rows:
        open_version = row["open"]
        row["may_publish"] = bool(open_version and request.user.has_perm("portal.publish_version", open_version))
    return render(
        request,
        "portal/staff/profile_list.html",
        {"rows": rows, "can_edit": request.user.has_perm("portal.edit_profiles")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("portal.edit_profiles"):
        raise PermissionDenied
    values: dict[str, Any] = {"kind": ProfileKind.COUNTRY}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {
            k: request.POST.get(k, "") for k in ("kind", "country", "slug", "region_countries", "title_vi", "title_en")
        }
        try:
            profile, _version = services.profile_create(
                actor=request.user,
                kind=values["kind"],
                country_id=values["country"],
                slug=values["slug"],
                region_countries=values["region_countries"],
                title_vi=values["title_vi"],
                title_en=values["title_en"],
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The profile was created with an empty draft."))
            return redirect("portal:profile_edit", profile_id=profile.pk)
    countries = Country.objects.filter(portal_profile__isnull=True)
    return render(
        request,
        "portal/staff/profile_new.html",
        {"v": values, "errors": errors, "countries": countries, "kinds": ProfileKind.choices},
        status=400 if errors else 200,
    )


@login_required
def profile_detail(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = selectors.profile_get(user=request.user, profile_id=profile_id)
    versions = selectors.profile_versions(profile=profile)
    open_version = next((ver for ver in versions if ver.is_open), None)
    return render(
        request,
        "portal/staff/profile_detail.html",
        {
            "profile": profile,
            "versions": versions,
            "open_version": open_version,
            "can_edit": request.user.has_perm("portal.edit_profiles"),
            "public_url": profile_url(profile, "vi") if profile.published_id else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = selectors.profile_get(user=request.user, profile_id=profile_id)
    if not request.user.has_perm("portal.edit_profiles"):
        raise PermissionDenied
    version = profile.versions.filter(status__in=OPEN_STATUSES).first()
    if request.method == "POST" and request.POST.get("start") == "1":
        services.draft_open(actor=request.user, profile=profile)
        return redirect("portal:profile_edit", profile_id=profile.pk)
    if version is None:
        return render(request, "portal/staff/profile_start.html", {"profile": profile})
    if version.status != VersionStatus.DRAFT:
        messages.info(request, _("This version is in review: send it back to draft to change it."))
        return redirect("portal:version_detail", version_id=version.pk)
    values = _values_of(version)
    errors: dict[str, list[str]] = {}
    revision: Any = version.revision
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        revision = request.POST.get("revision", "")
        try:
            version = services.draft_save(actor=request.user, version=version, data=request.POST, revision=revision)
            if request.POST.get("then") == "submit":
                version = services.draft_submit(actor=request.user, version=version)
                messages.success(request, _("Sent for review. Another person will publish it or send it back."))
                return redirect("portal:version_detail", version_id=version.pk)
        except ValidationError as exc:
            errors = exc.message_dict
            version.refresh_from_db()
            if "revision" not in errors:
                revision = version.revision
        else:
            messages.success(request, _("Draft saved."))
            return redirect("portal:profile_edit", profile_id=profile.pk)
    return render(
        request,
        "portal/staff/profile_edit.html",
        {
            "profile": profile,
            "version": version,
            "rows": _rows_with_values(profile.kind, values),
            "errors": errors,
            "revision": revision,
            "title": version.title("vi"),
        },
        status=400 if errors else 200,
    )


@login_required
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = selectors.version_get(user=request.user, version_id=version_id)
    profile = version.profile
    user = request.user
    can_edit = user.has_perm("portal.edit_profiles")
    sections = []
    for key, label in [("summary", _("Summary")), *sections_for(profile.kind)]:
        sections.append(
            {"key": key, "label": label, **{lang: markup.render(version.text(key, lang)) for lang in LANGS}}
        )
    wrote_it = user.pk == version.author_id or user.pk in set(version.edited_by or [])
    return render(
        request,
        "portal/staff/version_detail.html",
        {
            "version": version,
            "profile": profile,
            "sections": sections,
            "title_vi": version.title("vi"),
            "title_en": version.title("en"),
            "can_edit": can_edit,
            "can_submit": can_edit and version.status == VersionStatus.DRAFT,
            "can_publish": user.has_perm("portal.publish_version", version),
            "can_send_back": version.status == VersionStatus.IN_REVIEW
            and (can_edit or user.has_perm("portal.publish_version", version)),
            "can_restore": can_edit
            and version.status in (VersionStatus.PUBLISHED, VersionStatus.ARCHIVED, VersionStatus.DISCARDED),
            "can_discard": can_edit and version.is_open,
            "wrote_it": wrote_it,
            "in_review": version.status == VersionStatus.IN_REVIEW,
            "public_url": profile_url(profile, "vi") if version.status == VersionStatus.PUBLISHED else "",
        },
    )


ACTIONS = {"submit", "send_back", "publish", "restore", "discard"}


@login_required
@require_POST
def version_action(request: HttpRequest, version_id: int, action: str) -> HttpResponse:
    version = selectors.version_get(user=request.user, version_id=version_id)
    if action not in ACTIONS:
        raise Http404
    user = request.user
    try:
        if action == "submit":
            services.draft_submit(actor=user, version=version)
            messages.success(request, _("Sent for review. Another person will publish it or send it back."))
        elif action == "send_back":
            services.version_send_back(actor=user, version=version, note=request.POST.get("note", ""))
            messages.success(request, _("Sent back to draft."))
        elif action == "publish":
            services.version_publish(actor=user, version=version)
            messages.success(request, _("Published: the public page shows this version now."))
        elif action == "restore":
            draft = services.version_restore(actor=user, version=version)
            messages.success(request, _("The text of version %(n)s is now a new draft.") % {"n": version.number})
            return redirect("portal:profile_edit", profile_id=draft.profile_id)
        elif action == "discard":
            services.draft_discard(actor=user, version=version)
            messages.success(request, _("The draft was discarded (it stays in the history)."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do this."))
    return redirect("portal:version_detail", version_id=version.pk)


# --- visit statistics ---------------------------------------------------------------------------------
def _page_labels() -> dict[str, str]:
    labels = {name: str(label) for name, label in NAV}
    labels.update({"checklist": _("Checklist")})
    for p in CountryProfile.objects.select_related("country", "published"):
        title = p.published.title("vi") if p.published else p.default_title("vi")
        labels[count_name(p.kind, {"slug": p.slug})] = title
    return labels


@login_required
def visits(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("portal.view_visits"):
        raise PermissionDenied
    today = timezone.localdate()
    e = v.Errors()
    raw = {"from": request.GET.get("from", ""), "to": request.GET.get("to", "")}
    start = v.date(e, "from", raw["from"]) if raw["from"] else today - dt.timedelta(days=29)
    end = v.date(e, "to", raw["to"]) if raw["to"] else today
    if start and end and start > end:
        e.add("to", _("The end comes before the start."))
    if start and end and (end - start).days > 366:
        e.add("from", _("Choose at most one year."))
    if e.items or start is None or end is None:
        start, end = today - dt.timedelta(days=29), today
    summary = selectors.visit_summary(user=request.user, start=start, end=end)
    labels = _page_labels()
    for row in summary.pages:
        row["label"] = labels.get(row["page"], row["page"])
    chart = {
        "labels": [d["day"].strftime("%d/%m") for d in summary.days],
        "vi": [d["vi"] for d in summary.days],
        "en": [d["en"] for d in summary.days],
    }
    return render(
        request,
        "portal/staff/visits.html",
        {
            "s": summary,
            "chart": chart,
            "errors": e.items,
            "raw": {
                "from": raw["from"] or start.strftime("%d/%m/%Y"),
                "to": raw["to"] or end.strftime("%d/%m/%Y"),
            },
        },
        status=400 if e.items else 200,
    )


# --- help request by reference -------------------------------------------------------------------------
@login_required
def help_reference(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("portal.find_help_request"):
        raise PermissionDenied
    typed = request.GET.get("code", "")[:40]
    items = None
    valid = True
    if typed:
        valid = bool(reference.normalize(typed))
        items = selectors.help_requests_by_reference(user=request.user, code=typed) if valid else []
        if valid and len(items) == 1:
            return redirect("cases:intake_detail", intake_id=items[0].pk)
    return render(
        request,
        "portal/staff/help_reference.html",
        {
            "typed": typed,
            "items": items,
            "valid": valid,
            "codes": {str(i.pk): reference.code_for(i.pk) for i in items or []},
        },
        status=200 if valid else 400,
    )

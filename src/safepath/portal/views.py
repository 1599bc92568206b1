"""The public portal for migrants and their families: no login, no cookies, no JavaScript.

Pages: home, the destination countries and their profiles, warning pages, the pre-departure checklist,
the recruiter licence check, the fee check, the job-offer check and the help request. The three checks
call the recruiters and jobcheck apps (imported when used); nothing typed into a check is stored.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.places.models import Country, Province
from safepath.portal import markup, protect, selectors, services
from safepath.portal.models import ProfileKind, sections_for
from safepath.portal.public import detach, no_cookies, profile_url, public_page, render_page

MAX_QUERY = 200


def root(request: HttpRequest) -> HttpResponse:
    """/portal/ -> /portal/vi/: Vietnamese first."""
    detach(request)
    return no_cookies(request, HttpResponseRedirect(reverse("portal:home", kwargs={"lang": "vi"})))


# --- content pages ------------------------------------------------------------------------------------
def _profile_card(profile: Any, lang: str) -> dict[str, Any]:
    version = profile.published
    return {
        "slug": profile.slug,
        "kind": profile.kind,
        "title": version.title(lang),
        "summary": markup.plain(version.text("summary", lang), 220),
        "url": profile_url(profile, lang),
    }


@public_page("home")
def home(request: HttpRequest, lang: str) -> HttpResponse:
    warnings = [_profile_card(p, lang) for p in selectors.public_profiles(kind=ProfileKind.WARNING)]
    countries = [_profile_card(p, lang) for p in selectors.public_profiles(kind=ProfileKind.COUNTRY)]
    return render_page(
        request, lang, "portal/public/home.html", {"warnings": warnings, "countries": countries}, current="home"
    )


@public_page("countries")
def countries(request: HttpRequest, lang: str) -> HttpResponse:
    cards = [_profile_card(p, lang) for p in selectors.public_profiles(kind=ProfileKind.COUNTRY)]
    cards.sort(key=lambda c: c["title"])
    warnings = [_profile_card(p, lang) for p in selectors.public_profiles(kind=ProfileKind.WARNING)]
    return render_page(
        request, lang, "portal/public/countries.html", {"countries": cards, "warnings": warnings}, current="countries"
    )


def _sections(version: Any, kind: str, lang: str, *, keep: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The sections with text in this language (and those in `keep`, which get data of their own)."""
    out = []
    for key, label in sections_for(kind):
        text = version.text(key, lang)
        if text.strip() or key in keep:
            out.append({"key": key, "label": label, "html": markup.render(text)})
    return out


def fee_rules_for(iso2: str, lang: str) -> list[dict[str, Any]]:
    """The fee rules the jobcheck app holds for a destination, one per programme, with their cap, date,
    sources and UNVERIFIED mark (empty when the app or its data is not there)."""
    try:
        from safepath.jobcheck import fees
    except ImportError:
        return []
    try:
        data = fees.fee_data()
        rules = []
        for code, label in fees.programmes_for(iso2):
            rule = fees.fee_rule(iso2, code)
            if rule is None:
                continue
            if rule.no_service_fee:
                cap = _("No service fee may be charged.")
            else:
                cap = _(
                    "At most %(per12)s month(s) of contract salary per 12 months of work, and %(max)s months in all."
                ) % {
                    "per12": fees.format_months(rule.per_12_months),
                    "max": fees.format_months(rule.max_months),
                }
            sources = [data.sources[s] for s in rule.sources if s in data.sources]
            rules.append(
                {
                    "code": code,
                    "label": str(label),
                    "cap": cap,
                    "since": fees.format_day(rule.effective_from),
                    "verified": bool(rule.verified and all(src.status == "verified" for src in sources)),
                    "sources": [src.citation for src in sources],
                    "url": reverse("portal:fee_check", kwargs={"lang": lang}) + f"?destination={iso2}&programme={code}",
                }
            )
    except Exception:  # the profile page must show even if the fee data cannot be read
        return []
    return rules


def _profile_page(request: HttpRequest, lang: str, kind: str, slug: str) -> HttpResponse:
    profile = selectors.public_profile(kind=kind, slug=slug)
    version = profile.published if profile is not None else None
    if profile is None or version is None:
        return not_found_page(request, lang)
    countries_named: list[str] = []
    if kind == ProfileKind.WARNING and profile.region_countries:
        names = dict(Country.objects.filter(pk__in=profile.region_countries).values_list("iso2", f"name_{lang}"))
        countries_named = [names.get(code, code) for code in profile.region_countries]
    fee_rules = fee_rules_for(profile.country_id, lang) if profile.country_id else []
    context = {
        "profile": profile,
        "title": version.title(lang),
        "summary": markup.render(version.text("summary", lang)),
        "sections": _sections(version, kind, lang, keep=("fees",) if fee_rules else ()),
        "published_at": version.published_at,
        "version_number": version.number,
        "fee_rules": fee_rules,
        "fee_sources": list(dict.fromkeys(src for r in fee_rules for src in r["sources"])),
        "warnings": [_profile_card(p, lang) for p in selectors.warnings_for_country(profile.country_id)]
        if profile.country_id
        else [],
        "countries_named": countries_named,
        "missing_language": not version.text("summary", lang)
        and not any(version.text(k, lang) for k, _l in sections_for(kind)),
    }
    return render_page(request, lang, "portal/public/profile.html", context, current="countries")


@public_page("country")
def country(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    return _profile_page(request, lang, ProfileKind.COUNTRY, slug)


@public_page("warning")
def warning(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    return _profile_page(request, lang, ProfileKind.WARNING, slug)


@public_page("checklist")
def checklist(request: HttpRequest, lang: str) -> HttpResponse:
    links = []
    for p in selectors.public_profiles(kind=ProfileKind.COUNTRY):
        if p.published is not None and p.published.text("checklist", lang).strip():
            card = _profile_card(p, lang)
            card["url"] += "#checklist"
            links.append(card)
    links.sort(key=lambda c: c["title"])
    return render_page(request, lang, "portal/public/checklist.html", {"countries": links}, current="checklist")


def not_found_page(request: HttpRequest, lang: str) -> HttpResponse:
    return render_page(request, lang, "portal/public/not_found.html", {}, status=404, keep_query=False)


@public_page("not_found", methods=("GET", "HEAD", "POST"), cache=False, count=False)
def _not_found(request: HttpRequest, lang: str) -> HttpResponse:
    path = request.path
    if not path.endswith("/"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found":
            return HttpResponseRedirect(path + "/")
    return not_found_page(request, lang)


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Anything else under /portal/: the portal's own 404, in the language of the address."""
    lang = "en" if request.path.startswith("/portal/en/") else "vi"
    return _not_found(request, lang=lang)


# --- the three checks ---------------------------------------------------------------------------------
def _limited(request: HttpRequest, action: str) -> bool:
    return protect.rate_limited(protect.client_key(request), action)


def _busy(
    request: HttpRequest, lang: str, template: str, context: dict[str, Any], current: str, *, retry_after: int = 600
) -> HttpResponse:
    response = render_page(request, lang, template, {**context, "busy": True}, status=429, current=current)
    response["Retry-After"] = str(retry_after)
    return response


@public_page("recruiter_check")
def recruiter_check(request: HttpRequest, lang: str) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:MAX_QUERY]
    context: dict[str, Any] = {"q": query, "searched": bool(query), "available": True}
    if query:
        if _limited(request, "recruiter"):
            return _busy(request, lang, "portal/public/recruiter_check.html", context, "recruiter_check")
        try:
            from safepath.recruiters.selectors import enterprise_check
        except ImportError:
            context["available"] = False
        else:
            result = enterprise_check(query, limit=5)
            context.update(
                matches=[_match(m) for m in result.matches],
                data_date=result.data_date,
                source=result.source,
                has_list=result.data_date is not None,
            )
    return render_page(request, lang, "portal/public/recruiter_check.html", context, current="recruiter_check")


def _match(m: Any) -> dict[str, Any]:
    status = str(getattr(m, "status", "") or "")
    return {
        "name": getattr(m, "name", ""),
        "short_name": getattr(m, "short_name", ""),
        "licence_number": getattr(m, "licence_number", ""),
        "licence_date": getattr(m, "licence_date", None),
        "status": status,
        "status_label": str(getattr(m, "status_label", "") or status),
        "address": getattr(m, "address", ""),
        "score": float(getattr(m, "score", 0) or 0),
        "exact": float(getattr(m, "score", 0) or 0) >= 0.95,
    }


def fee_destinations(lang: str) -> list[dict[str, str]]:
    """The common destinations (the fee check knows a rule for each: at least the general one)."""
    return [
        {"iso2": c.iso2, "name": c.name_en if lang == "en" else c.name_vi}
        for c in Country.objects.filter(is_common_destination=True).exclude(iso2="VN").order_by("sort_key")
    ]


FEE_FIELDS = ("destination", "programme", "contract_months", "monthly_salary", "currency", "fee_asked", "fee_currency")


@public_page("fee_check")
def fee_check(request: HttpRequest, lang: str) -> HttpResponse:
    template = "portal/public/fee_check.html"
    g = request.GET
    values = {k: " ".join(str(g.get(k, "")).replace("\x00", "").split())[:40] for k in FEE_FIELDS}
    context: dict[str, Any] = {"v": values, "errors": {}, "available": True}
    try:
        from safepath.jobcheck import fees
    except ImportError:
        context["available"] = False
        return render_page(request, lang, template, context, current="fee_check")
    destinations = fee_destinations(lang)
    known = {d["iso2"] for d in destinations}
    if values["destination"].upper() not in known and values["destination"]:
        country_ = Country.objects.filter(pk=values["destination"].upper()[:2]).exclude(iso2="VN").first()
        if country_ is not None:  # a destination that is not in the short list, e.g. from a profile's link
            destinations.append({"iso2": country_.iso2, "name": country_.name_en if lang == "en" else country_.name_vi})
    context.update(
        destinations=destinations,
        programmes=list(fees.PROGRAMME_LABELS.items()),
        currencies=fees.currencies(),
    )
    values["currency"] = values["currency"].upper() or "USD"
    values["fee_currency"] = values["fee_currency"].upper() or "VND"
    submitted = "fee_asked" in g or "monthly_salary" in g
    if not submitted:
        if not values["contract_months"]:
            values["contract_months"] = "36"
        return render_page(request, lang, template, context, current="fee_check")
    if _limited(request, "fee"):
        return _busy(request, lang, template, context, "fee_check")
    try:
        result = fees.fee_check(
            destination=values["destination"],
            programme=values["programme"],
            contract_months=values["contract_months"],
            monthly_salary=values["monthly_salary"],
            currency=values["currency"],
            fee_asked=values["fee_asked"],
            fee_currency=values["fee_currency"],
        )
    except ValidationError as exc:
        context["errors"] = {k: " ".join(m) for k, m in exc.message_dict.items()}
        if "programme" in context["errors"] and values["destination"]:
            context["destination_programmes"] = [label for _code, label in fees.programmes_for(values["destination"])]
        return render_page(request, lang, template, context, status=400, current="fee_check")
    context["result"] = result
    context["money"] = {
        "cap": fees.format_money(result.cap_amount, result.fee_currency),
        "total_cap": fees.format_money(result.total_cap_amount, result.fee_currency),
        "fee": fees.format_money(result.fee_asked, result.fee_currency),
        "over": fees.format_money(result.over_by, result.fee_currency),
        "brokerage": fees.format_money(result.brokerage_cap_amount, result.fee_currency)
        if result.brokerage_cap_amount is not None
        else "",
        "cap_months": fees.format_months(result.cap_months),
        "effective_from": fees.format_day(result.effective_from),
        "rates_date": fees.format_day(result.rates_date),
    }
    return render_page(request, lang, template, context, current="fee_check")


OFFER_AMOUNTS = ("fee_asked", "salary")
OFFER_CURRENCY_OF = {"fee_asked": "fee_currency", "salary": "salary_currency"}


def offer_questions(lang: str, posted: Any = None) -> list[dict[str, Any]]:
    """The optional questions of the job-offer check, as the jobcheck app defines them, with what was answered."""
    try:
        from safepath.jobcheck import fees, offers
    except ImportError:
        return []
    posted = posted or {}
    out = []
    for key, label, choices in offers.offer_questions():
        q: dict[str, Any] = {"key": key, "label": label, "choices": choices, "value": str(posted.get(key, ""))[:40]}
        if key == "destination":
            q["kind"] = "country"
            q["choices"] = [(d["iso2"], d["name"]) for d in fee_destinations(lang)]
        elif key in OFFER_AMOUNTS:
            q["kind"] = "amount"
            q["currency_key"] = OFFER_CURRENCY_OF[key]
            q["currency"] = str(posted.get(OFFER_CURRENCY_OF[key], "") or "VND")[:3].upper()
            q["currencies"] = fees.currencies()
        else:
            q["kind"] = "choice"
        out.append(q)
    return out


MAX_OFFER = services.MAX_OFFER_TEXT


@public_page("offer_check", methods=("GET", "HEAD", "POST"))
def offer_check(request: HttpRequest, lang: str) -> HttpResponse:
    template = "portal/public/offer_check.html"
    try:
        from safepath.jobcheck.offers import check_offer
    except ImportError:
        return render_page(request, lang, template, {"available": False}, current="offer_check")
    if request.method != "POST":
        blank = {"text": "", "questions": offer_questions(lang), "errors": {}, "available": True}
        return render_page(request, lang, template, blank, current="offer_check")
    p = request.POST
    text = p.get("text", "").replace("\x00", "")[: MAX_OFFER + 1]
    questions = offer_questions(lang, p)
    answers: dict[str, str] = {}
    for q in questions:
        if q["value"]:
            answers[q["key"]] = q["value"]
            if q["kind"] == "amount":
                answers[q["currency_key"]] = q["currency"]
    context: dict[str, Any] = {"text": text[:MAX_OFFER], "questions": questions, "errors": {}, "available": True}

    def again(status: int, errors: dict[str, str]) -> HttpResponse:
        return render_page(request, lang, template, {**context, "errors": errors}, status=status, current="offer_check")

    if not protect.same_origin(request):
        return again(
            403, {"__all__": _("This form must be sent from this website. Please send it again from this page.")}
        )
    if protect.honeypot_filled(request):
        return again(400, {"__all__": _("Your text could not be checked. Please send it again.")})
    if len(text) > MAX_OFFER:
        return again(400, {"text": _("The text is too long: at most %(limit)s characters.") % {"limit": "10.000"}})
    if _limited(request, "offer"):
        return _busy(request, lang, template, context, "offer_check")
    try:
        report = check_offer(text, answers or None)
    except ValidationError as exc:
        return again(400, {k: " ".join(m) for k, m in exc.message_dict.items()})
    context["report"] = report
    context["reported"] = [c for c in report.contacts if c.reported]
    return render_page(request, lang, template, context, current="offer_check")


# --- help request ---------------------------------------------------------------------------------------
HELP_FIELDS = ("what_happened", "contact_method", "contact", "name", "province", "agency", "offer_text")


def _help_context(lang: str, values: dict[str, Any], errors: dict[str, Any]) -> dict[str, Any]:
    centres = services.help_centres()
    return {
        "v": values,
        "errors": errors,
        "provinces": [
            {"code": p.code, "name": p.name_en if lang == "en" else p.name}
            for p in Province.objects.order_by("sort_key")
        ],
        "centres": [
            {
                "id": str(a.pk),
                "name": a.name_en if lang == "en" else a.name_vi,
                "province": (a.province.name_en if lang == "en" else a.province.name) if a.province else "",
            }
            for a in centres
        ],
        "methods": [
            ("phone", _("Phone call")),
            ("zalo", _("Zalo")),
            ("email", _("E-mail")),
            ("none", _("Do not contact me")),
        ],
    }


@public_page("help", methods=("GET", "HEAD", "POST"))
def help_request(request: HttpRequest, lang: str) -> HttpResponse:
    template = "portal/public/help.html"
    if request.method != "POST":
        return render_page(
            request, lang, template, _help_context(lang, {"contact_method": "phone"}, {}), current="help"
        )
    p = request.POST
    values: dict[str, Any] = {k: p.get(k, "").replace("\x00", "")[:12_000] for k in HELP_FIELDS}
    values["consent"] = p.get("consent") == "yes"
    values["danger"] = p.get("danger") == "yes"

    def again(status: int, errors: dict[str, str]) -> HttpResponse:
        return render_page(request, lang, template, _help_context(lang, values, errors), status=status, current="help")

    if not protect.same_origin(request):
        return again(
            403, {"__all__": _("This form must be sent from this website. Please send it again from this page.")}
        )
    if p.get("prefill") == "offer":
        # From the job-offer check: the form, with the offer's text, ready to complete. Nothing is stored yet.
        values["contact_method"] = "phone"
        return again(200, {})
    if protect.honeypot_filled(request):
        return again(400, {"__all__": _("Your request could not be sent. Please check the form and send it again.")})
    key = protect.client_key(request)
    if protect.rate_limited(key, "help", count=False) or protect.rate_limited(key, "help_day", count=False):
        return _busy(request, lang, template, _help_context(lang, values, {}), "help", retry_after=3600)
    data = services.HelpInput(
        what_happened=values["what_happened"],
        contact_method=values["contact_method"],
        contact=values["contact"],
        name=values["name"],
        province_id=values["province"],
        agency_id=values["agency"],
        consent=values["consent"],
        danger=values["danger"],
        offer_text=values["offer_text"],
    )
    try:
        receipt = services.help_request_submit(data=data)
    except ValidationError as exc:
        return again(400, {k: " ".join(m) for k, m in exc.message_dict.items()})
    protect.rate_limited(key, "help")
    protect.rate_limited(key, "help_day")
    context = {
        "reference": receipt.reference,
        "centre": receipt.agency.name_en if lang == "en" else receipt.agency.name_vi,
        "urgent": receipt.urgent,
        "contact_method": values["contact_method"],
        "sent_on": timezone.localdate(),
    }
    return render_page(request, lang, "portal/public/help_sent.html", context, current="help", keep_query=False)

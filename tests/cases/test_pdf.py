"""The case file PDF: its content, its bundled font, the access log, and who gets none."""

from __future__ import annotations

import re
import zlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent, ObjectAccess
from safepath.cases.models import Consultation
from safepath.cases.pdf import StaticFetcher, _css_string, _page_counter_css, case_file_pdf
from safepath.cases.services import (
    ConsentInput,
    ConsultationInput,
    attachment_add,
    case_open,
    consent_record,
    consent_withdraw,
    consultation_record,
    note_add,
    recruiter_contact_add,
    task_add,
)
from safepath.cases.views_pdf import case_pdf
from tests.cases.conftest import case_input
from tests.factories import AgencyFactory, UserFactory

SMALL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
NOTE = "Chị Hương kể: bị giữ hộ chiếu, làm việc 14 giờ/ngày.\nĐÃ GỌI gia đình ở Đồng Tháp; ồ, ễ, ậ, Ở, Ữ."


# --- a small PDF text reader (pypdf is not a dependency) ---------------------------------------------
def _objects(pdf: bytes) -> tuple[dict[int, bytes], dict[int, bytes]]:
    """Object dictionaries and decoded streams by object number, including those in object streams."""
    dicts: dict[int, bytes] = {}
    streams: dict[int, bytes] = {}
    for m in re.finditer(rb"(\d+) 0 obj\s*(<<.*?>>)\s*stream\r?\n", pdf, re.S):
        num, head = int(m.group(1)), m.group(2)
        raw = pdf[m.end() : m.end() + int(re.search(rb"/Length (\d+)", head).group(1))]
        body = zlib.decompress(raw) if b"/FlateDecode" in head else raw
        dicts[num], streams[num] = head, body
        if b"/Type /ObjStm" in head:
            first = int(re.search(rb"/First (\d+)", head).group(1))
            pairs = [int(x) for x in body[:first].split()]
            nums, offsets = pairs[0::2], [*pairs[1::2], len(body) - first]
            for i, n in enumerate(nums):
                dicts[n] = body[first + offsets[i] : first + offsets[i + 1]]
    return dicts, streams


def _cmap(data: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            out[src.decode().lower()] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[f"{code:0{len(lo)}x}"] = chr(start + i)
    return out


def pdf_fonts(pdf: bytes) -> list[str]:
    """The base names of the fonts the PDF embeds."""
    dicts, _ = _objects(pdf)
    return [m.decode() for d in dicts.values() for m in re.findall(rb"/FontName /([^\s/>]+)", d)]


def pdf_text(pdf: bytes) -> str:
    """The text of every page, through the fonts' ToUnicode maps (one line per text position)."""
    dicts, streams = _objects(pdf)
    cmaps = {}
    for num, d in dicts.items():
        if b"/Subtype /Type0" in d and (m := re.search(rb"/ToUnicode (\d+) 0 R", d)):
            cmaps[num] = _cmap(streams[int(m.group(1))])
    by_name = {
        name.decode(): cmaps[int(ref)]
        for d in dicts.values()
        for name, ref in re.findall(rb"/([^\s/<>\[\]]+) (\d+) 0 R", d)
        if int(ref) in cmaps
    }
    contents = [int(n) for d in dicts.values() if b"/Type /Page/" in d for n in re.findall(rb"/Contents (\d+) 0 R", d)]
    out: list[str] = []
    for num in contents:
        cmap: dict[str, str] = {}
        for op in re.finditer(rb"/(\S+) [\d.]+ Tf|\[(.*?)\] TJ|<([0-9a-fA-F]*)> Tj| Tm\n| Td\n", streams[num], re.S):
            if op.group(1):
                cmap = by_name[op.group(1).decode()]
            elif op.group(2) is not None or op.group(3) is not None:
                hexes = re.findall(rb"<([0-9a-fA-F]*)>", op.group(2)) if op.group(2) is not None else [op.group(3)]
                for h in hexes:
                    h = h.decode().lower()
                    out.extend(cmap.get(h[i : i + 4], "\ufffd") for i in range(0, len(h), 4))
            else:
                out.append("\n")
    return "".join(out)


# --- fixtures ----------------------------------------------------------------------------------------
@pytest.fixture
def full_case(case, caseworker, person):
    note_add(actor=caseworker, case=case, body=NOTE)
    task_add(actor=caseworker, case=case, title="Gọi lại cho chị Hương về hỗ trợ pháp lý", due_on="30/06/2026")
    consent_record(
        actor=caseworker,
        person=person,
        case=case,
        data=ConsentInput(purpose="case_management", method="written", given_on="01/06/2026"),
    )
    old = consent_record(
        actor=caseworker,
        person=person,
        case=case,
        data=ConsentInput(purpose="referral", method="verbal", given_on="02/06/2026", recipient_other="Hội LHPN tỉnh"),
    )
    consent_withdraw(actor=caseworker, consent=old, withdrawn_on="03/06/2026", note="Gọi điện rút lại")
    attachment_add(actor=caseworker, case=case, filename="hợp-đồng-lao-động.pdf", content=SMALL_PDF, kind="contract")
    recruiter_contact_add(actor=caseworker, case=case, kind="zalo", value="0987654321")
    session = consultation_record(
        actor=caseworker,
        person=person,
        data=ConsultationInput(
            channel="phone",
            migration_stage="returned",
            topics=["legal_aid"],
            outcome="case_opened",
            summary="Tư vấn về thủ tục trình báo công an.",
        ),
    )
    Consultation.objects.filter(pk=session.pk).update(case=case)
    case.exploitation_types = ["ForcedLabour"]
    case.means_of_control = ["WithholdsDocuments"]
    case.save(update_fields=["exploitation_types", "means_of_control"])
    return case


# --- tests -------------------------------------------------------------------------------------------
def test_case_file_holds_the_case_in_vietnamese_with_the_bundled_font(full_case, caseworker):
    with translation.override("en"):
        filename, pdf = case_file_pdf(user=caseworker, case_id=full_case.pk)
    assert filename == f"{full_case.number}.pdf"
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "\ufffd" not in text
    text = " ".join(text.split())  # table cells wrap
    for expected in (
        full_case.number,
        "Nguyễn Thị Hương",  # the person, with stacked diacritics
        "0912 345 678",
        "12/05/1998",
        "Về nước sau khi bị giữ hộ chiếu ở Nhật Bản.",  # the summary
        "Forced labour",  # trafficking facts by their labels, not their codes
        "Withholds documents",
        "0987654321",
        "Chị Hương kể: bị giữ hộ chiếu, làm việc 14 giờ/ngày.",  # notes in full
        "ĐÃ GỌI gia đình ở Đồng Tháp; ồ, ễ, ậ, Ở, Ữ.",
        "Gọi lại cho chị Hương về hỗ trợ pháp lý",
        "Hội LHPN tỉnh",
        "Gọi điện rút lại",  # the withdrawn consent
        "hợp-đồng-lao-động.pdf",
        "Tư vấn về thủ tục trình báo công an.",
        "CONFIDENTIAL",
        f"printed by {caseworker.username} on",
        "Page 1 of ",
    ):
        assert expected in text, expected
    assert "ForcedLabour" not in text
    # Only the bundled Be Vietnam Pro is embedded, so the PDF looks the same on every machine.
    fonts = pdf_fonts(pdf)
    assert any(f.endswith("+Be-Vietnam-Pro-Vietnamese") for f in fonts), fonts
    assert any(f.endswith("+Be-Vietnam-Pro-Latin") for f in fonts), fonts
    assert all("+Be-Vietnam-Pro-" in f for f in fonts), fonts
    assert b"/FontFile2" in b"".join(_objects(pdf)[0].values())
    # The metadata title names the case, never the person.
    assert b"Nguy" not in pdf


def test_the_pdf_is_audited_as_an_export_of_the_case_and_its_person(case, caseworker, person):
    before = AccessEvent.objects.count()
    case_file_pdf(user=caseworker, case_id=str(case.pk))
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type, event.purpose) == ("export", "case", "pdf")
    assert event.object_ids == [str(case.pk)]
    assert event.actor_id == caseworker.pk
    assert event.detail["also"] == {"person": [str(person.pk)]}
    assert ObjectAccess.objects.filter(event=event, object_type="person", object_id=str(person.pk)).exists()


def test_shelter_staff_get_the_case_file_without_counselling_notes(full_case, agency):
    shelter = UserFactory(agency=agency, roles=[Role.SHELTER_STAFF])
    text = pdf_text(case_file_pdf(user=shelter, case_id=full_case.pk)[1])
    assert "Nguyễn Thị Hương" in text
    assert "Tư vấn về thủ tục" not in text


def test_no_pdf_and_no_log_entry_for_those_who_may_not_open_the_case(case, agency, caseworker, caseworker2, person):
    sensitive = case_open(actor=caseworker, person=person, data=case_input(highly_sensitive=True))
    refused = [
        (UserFactory(agency=AgencyFactory(code="TH-MRC"), roles=[Role.CASEWORKER]), case),
        (UserFactory(agency=agency, roles=[Role.ANALYST]), case),
        (UserFactory(agency=agency, roles=[Role.AGENCY_ADMIN]), case),
        (caseworker2, sensitive),
    ]
    exports = AccessEvent.objects.filter(action="export").count()
    for user, target in refused:
        with pytest.raises(Http404):
            case_file_pdf(user=user, case_id=target.pk)
        request = RequestFactory().get(f"/cases/{target.pk}/pdf/")
        request.user = user
        with pytest.raises(Http404):
            case_pdf(request, str(target.pk))
    for bad_id in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(Http404):
            case_file_pdf(user=caseworker, case_id=bad_id)
    assert AccessEvent.objects.filter(action="export").count() == exports


def test_view_sends_the_pdf_as_a_download_that_is_not_stored(case, caseworker):
    request = RequestFactory().get(f"/cases/{case.pk}/pdf/")
    request.user = caseworker
    response = case_pdf(request, str(case.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{case.number}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


def test_view_wants_a_login(case):
    request = RequestFactory().get(f"/cases/{case.pk}/pdf/")
    request.user = AnonymousUser()
    response = case_pdf(request, str(case.pk))
    assert response.status_code == 302
    assert not AccessEvent.objects.filter(action="export").exists()


def test_fetcher_serves_bundled_static_files_only():
    fetcher = StaticFetcher()
    font = fetcher.fetch(
        "https://static.safepath.invalid/vendor/fonts/be-vietnam-pro/be-vietnam-pro-latin-400-normal.woff"
    )
    assert font.read()[:4] == b"wOFF"
    for url in (
        "file:///etc/passwd",
        "https://example.com/vendor/fonts/be-vietnam-pro/LICENSE",
        "http://static.safepath.invalid/vendor/fonts/be-vietnam-pro/LICENSE",
        "https://static.safepath.invalid/../../../etc/passwd",
        "https://static.safepath.invalid/%2e%2e/%2e%2e/etc/passwd",
        "https://static.safepath.invalid/vendor/fonts/missing.woff",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_page_numbers_and_css_strings():
    with translation.override("en"):
        assert _page_counter_css() == '"Page " counter(page) " of " counter(pages)'
    assert _css_string('a "b" \\ </style>') == '"a \\"b\\" \\\\ \\3c /style>"'

"""Outreach pages: they render for the agency's outreach workers, keep what was typed when a form is
refused, ask before deleting, show names only to officers and supervisors, and survive nasty input."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safepath.audit.models import AccessEvent
from safepath.outreach import services
from safepath.outreach.models import Event, Material, MaterialStock, Participant, StockMovement
from tests.outreach.conftest import PDF, event_data, trainee

pytestmark = pytest.mark.django_db

NASTY = [
    "\x00",
    "a\x00b",
    "'; DROP TABLE outreach_event; --",
    "<script>alert(1)</script>",
    "9" * 5000,
    "%",
    "../../etc/passwd",
    "\u202e",
    "NaN",
    "-1",
    "1e999",
    "31/02/2025",
]


def _grid_post(**cells):
    return {f"count_{k}": v for k, v in cells.items()}


def test_pages_render_for_an_outreach_officer(client, officer, event, training, stocked):
    client.force_login(officer)
    p = Participant.objects.filter(event=training).first()
    pages = [
        reverse("outreach:event_list"),
        reverse("outreach:event_list") + "?kind=training_frontline&province=15&from=01/01/2025&to=31/12/2025",
        reverse("outreach:event_new"),
        reverse("outreach:event", args=[event.pk]),
        reverse("outreach:event", args=[training.pk]),
        reverse("outreach:event_edit", args=[training.pk]),
        reverse("outreach:event_delete", args=[event.pk]),
        reverse("outreach:participant_edit", args=[p.pk]),
        reverse("outreach:participant_remove", args=[p.pk]),
        reverse("outreach:material_list"),
        reverse("outreach:material_list") + "?kind=brochure&language=ja&q=Nh",
        reverse("outreach:material_new"),
        reverse("outreach:material", args=[stocked.pk]),
        reverse("outreach:material_edit", args=[stocked.pk]),
        reverse("outreach:figures"),
        reverse("outreach:figures") + "?from=01/01/2025&to=31/12/2025&kind=training_frontline",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(reverse("outreach:event", args=[training.pk])).content.decode()
    assert "Giàng A Páo" in detail and 'id="participant-table"' in detail
    figures = client.get(reverse("outreach:figures") + "?from=01/01/2025&to=31/12/2025").content.decode()
    assert 'id="outreach-chart"' in figures and 'id="month-table"' in figures and "chartjs-4.6.1" in figures


def test_pages_render_in_vietnamese(client, officer, training, stocked):
    client.cookies["safepath_language"] = "vi"
    client.force_login(officer)
    for url in (
        reverse("outreach:event_list"),
        reverse("outreach:event", args=[training.pk]),
        reverse("outreach:material", args=[stocked.pk]),
        reverse("outreach:figures"),
    ):
        response = client.get(url)
        assert response.status_code == 200 and '<html lang="vi">' in response.content.decode(), url


def test_recording_an_event_through_the_form(client, officer):
    client.force_login(officer)
    data = {
        "kind": "policy_dialogue",
        "title": "Đối thoại chính sách tại Lào Cai",
        "start_date": "04/05/2025",
        "end_date": "",
        "province": "15",
        **_grid_post(female_35_49="60", male_35_49="80", other_50p=""),
    }
    response = client.post(reverse("outreach:event_new"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert response["Location"] == reverse("outreach:event", args=[event.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'id="participant-total">140<' in page


def test_a_refused_form_keeps_what_was_typed_and_saves_nothing(client, officer):
    client.force_login(officer)
    data = {
        "kind": "community_session",
        "title": "Buổi truyền thông <b>xã</b>",
        "start_date": "10/05/2025",
        "end_date": "09/05/2025",
        "province": "15",
        "summary": "Ghi chú dài",
        **_grid_post(female_18_24="12", male_u18="-3"),
    }
    response = client.post(reverse("outreach:event_new"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="-3"' in page and 'value="12"' in page and "Ghi chú dài" in page
    assert "Buổi truyền thông &lt;b&gt;xã&lt;/b&gt;" in page
    assert 'grid-cell is-invalid" type="number" min="0" step="1" inputmode="numeric" name="count_male_u18"' in page
    assert 'id="form-errors"' in page
    assert not Event.objects.exists()


def test_deleting_an_event_asks_first(client, officer, event, stocked):
    services.event_materials_hand_out(actor=officer, event=event, items=[{"material": str(stocked.pk), "quantity": 9}])
    client.force_login(officer)
    url = reverse("outreach:event_delete", args=[event.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and 'id="confirm-delete"' in confirm.content.decode()
    assert Event.objects.filter(pk=event.pk).exists()
    assert client.post(url).status_code == 302
    assert not Event.objects.exists()
    assert MaterialStock.objects.get(material=stocked).quantity == 100


def test_removing_a_participant_asks_first(client, officer, training):
    client.force_login(officer)
    p = Participant.objects.filter(event=training).first()
    url = reverse("outreach:participant_remove", args=[p.pk])
    page = client.get(url).content.decode()
    assert 'id="confirm-remove"' in page and p.name in page
    assert Participant.objects.filter(pk=p.pk).exists()
    assert client.post(url).status_code == 302
    assert not Participant.objects.filter(pk=p.pk).exists()


def test_register_and_scores_through_the_pages(client, officer, training):
    client.force_login(officer)
    url = reverse("outreach:participant_add", args=[training.pk])
    bad = client.post(url, {"name": "Vàng Thị Dua", "age_group": "18_24", "pre_score": "120"})
    assert bad.status_code == 400
    assert 'value="Vàng Thị Dua"' in bad.content.decode() and 'value="120"' in bad.content.decode()
    assert Participant.objects.filter(event=training).count() == 3
    assert client.post(url, {"name": "Vàng Thị Dua", "age_group": "18_24", "sex": "female"}).status_code == 302
    assert Participant.objects.filter(event=training).count() == 4
    ids = [str(p.pk) for p in Participant.objects.filter(event=training)]
    body = {"participant": ids, **{f"pre_{i}": "30" for i in ids}, **{f"post_{i}": "80" for i in ids}}
    body[f"post_{ids[0]}"] = "800"
    refused = client.post(reverse("outreach:scores_save", args=[training.pk]), body)
    assert refused.status_code == 400 and 'value="800"' in refused.content.decode()
    body[f"post_{ids[0]}"] = "80"
    assert client.post(reverse("outreach:scores_save", args=[training.pk]), body).status_code == 302
    assert set(Participant.objects.filter(event=training).values_list("pre_score", "post_score")) == {(30, 80)}
    edit = reverse("outreach:participant_edit", args=[ids[0]])
    assert client.post(edit, {"name": "", "age_group": "18_24"}).status_code == 400
    assert client.post(edit, {"name": "Tên mới", "age_group": "50p", "sex": "male"}).status_code == 302


def test_handing_out_more_than_in_stock_through_the_page(client, officer, event, stocked):
    client.force_login(officer)
    url = reverse("outreach:materials_hand_out", args=[event.pk])
    response = client.post(url, {"material_0": str(stocked.pk), "quantity_0": "150"})
    assert response.status_code == 400
    assert "Only 100 of “Working in Japan” in stock" in response.content.decode()
    assert not StockMovement.objects.filter(event=event).exists()
    assert client.post(url, {"material_0": str(stocked.pk), "quantity_0": "40"}).status_code == 302
    assert MaterialStock.objects.get(material=stocked).quantity == 60
    back = client.post(
        reverse("outreach:material_return", args=[event.pk]), {"material": str(stocked.pk), "quantity": "50"}
    )
    assert back.status_code == 400 and MaterialStock.objects.get(material=stocked).quantity == 60


def test_stock_movement_and_threshold_forms(client, officer, stocked):
    client.force_login(officer)
    url = reverse("outreach:stock_move", args=[stocked.pk])
    refused = client.post(url, {"kind": "handed_out", "quantity": "101", "note": "Phát ở chợ"})
    assert refused.status_code == 400 and "Phát ở chợ" in refused.content.decode()
    assert client.post(url, {"kind": "handed_out", "quantity": "95", "province": "40"}).status_code == 302
    assert (
        client.post(reverse("outreach:stock_threshold", args=[stocked.pk]), {"low_threshold": "10"}).status_code == 302
    )
    listing = client.get(reverse("outreach:material_list")).content.decode()
    assert 'id="low-stock"' in listing
    detail = client.get(reverse("outreach:material", args=[stocked.pk])).content.decode()
    assert 'id="low-warning"' in detail and 'id="stock-quantity">5<' in detail


def test_uploading_and_downloading_a_material_file(client, officer, media):
    client.force_login(officer)
    response = client.post(
        reverse("outreach:material_new"),
        {
            "kind": "handbook",
            "title_vi": "Sổ tay sức khỏe cho người lao động tại Nhật Bản",
            "languages": ["vi", "ja"],
            "file": SimpleUploadedFile("so-tay.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    material = Material.objects.get()
    download = client.get(reverse("outreach:material_file", args=[material.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    refused = client.post(
        reverse("outreach:material_edit", args=[material.pk]),
        {"kind": "handbook", "title_vi": "Sổ tay", "languages": ["vi"], "file": SimpleUploadedFile("x.png", PDF)},
    )
    assert refused.status_code == 400
    client.logout()
    assert client.get(reverse("outreach:material_file", args=[material.pk])).status_code == 302  # to the login


def test_counsellors_see_no_names_and_analysts_only_figures(client, counsellor, analyst, caseworker, training):
    client.force_login(counsellor)
    page = client.get(reverse("outreach:event", args=[training.pk])).content.decode()
    assert 'id="names-hidden"' in page and "Giàng" not in page and "0987" not in page
    p = Participant.objects.filter(event=training).first()
    assert client.get(reverse("outreach:participant_edit", args=[p.pk])).status_code == 404
    assert client.post(reverse("outreach:participant_add", args=[training.pk]), {"name": "X"}).status_code == 403
    assert not AccessEvent.objects.filter(purpose__startswith="participants", actor=counsellor).exists()

    client.force_login(analyst)
    assert client.get(reverse("outreach:event_list")).status_code == 403
    assert client.get(reverse("outreach:event", args=[training.pk])).status_code == 404
    assert client.get(reverse("outreach:material_list")).status_code == 403
    figures = client.get(reverse("outreach:figures") + "?from=01/01/2025&to=31/12/2025")
    assert figures.status_code == 200
    assert "Giàng" not in figures.content.decode() and 'id="training-figures"' in figures.content.decode()

    client.force_login(caseworker)
    assert client.get(reverse("outreach:event_list")).status_code == 403
    assert client.get(reverse("outreach:figures")).status_code == 403


def test_another_agency_cannot_open_or_change_an_event(client, other_officer, event, training):
    client.force_login(other_officer)
    for name in ("outreach:event", "outreach:event_edit", "outreach:event_delete"):
        assert client.get(reverse(name, args=[event.pk])).status_code == 404
    assert client.post(reverse("outreach:event_delete", args=[event.pk])).status_code == 404
    p = Participant.objects.filter(event=training).first()
    assert client.post(reverse("outreach:participant_remove", args=[p.pk])).status_code == 404
    assert Event.objects.count() == 2 and Participant.objects.count() == 3


def test_pages_survive_nasty_query_strings(client, officer, supervisor, event):
    client.force_login(supervisor)
    for value in NASTY:
        for name, params in (
            ("outreach:event_list", ["kind", "province", "from", "to", "page"]),
            ("outreach:material_list", ["kind", "language", "q"]),
            ("outreach:figures", ["from", "to", "kind", "agency"]),
            ("outreach:event_new", ["kind"]),
        ):
            response = client.get(reverse(name), dict.fromkeys(params, value))
            assert response.status_code < 500, (name, value)


def test_forms_survive_nasty_values(client, officer, training, stocked):
    client.force_login(officer)
    p = Participant.objects.filter(event=training).first()
    fields = ["kind", "title", "start_date", "end_date", "province", "venue", "partners", "summary", "facilitators"]
    for value in NASTY:
        grid = _grid_post(female_u18=value, male_50p=value)
        for url in (reverse("outreach:event_new"), reverse("outreach:event_edit", args=[training.pk])):
            assert client.post(url, {**dict.fromkeys(fields, value), **grid}).status_code == 400, (url, value)
        person = dict.fromkeys(["name", "sex", "age_group", "pre_score", "post_score", "contact"], value)
        assert client.post(reverse("outreach:participant_add", args=[training.pk]), person).status_code == 400
        assert client.post(reverse("outreach:participant_edit", args=[p.pk]), person).status_code == 400
        scores = {"participant": [str(p.pk), value], f"pre_{p.pk}": value, f"post_{p.pk}": value}
        assert client.post(reverse("outreach:scores_save", args=[training.pk]), scores).status_code < 500
        handout = {"material_0": value, "quantity_0": value, "material_1": str(stocked.pk), "quantity_1": value}
        assert client.post(reverse("outreach:materials_hand_out", args=[training.pk]), handout).status_code == 400
        assert (
            client.post(reverse("outreach:material_return", args=[training.pk]), {"material": value, "quantity": value})
        ).status_code == 400
        move = dict.fromkeys(["kind", "quantity", "day", "province", "note"], value)
        assert client.post(reverse("outreach:stock_move", args=[stocked.pk]), move).status_code == 400
        assert (
            client.post(reverse("outreach:stock_threshold", args=[stocked.pk]), {"low_threshold": value}).status_code
            == 400
        )
        material = dict.fromkeys(["kind", "title_vi", "title_en", "languages", "description"], value)
        assert client.post(reverse("outreach:material_new"), material).status_code == 400
        assert Event.objects.count() == 1 and MaterialStock.objects.get(material=stocked).quantity == 100


@pytest.mark.parametrize("path_value", ["00000000-0000-0000-0000-000000000000", "x" * 40, "%00"])
def test_garbage_ids_are_404(client, officer, path_value):
    client.force_login(officer)
    for name in ("outreach:event", "outreach:material", "outreach:participant_edit", "outreach:material_file"):
        url = reverse(name, args=["00000000-0000-0000-0000-000000000001"]).replace(
            "00000000-0000-0000-0000-000000000001", path_value
        )
        assert client.get(url).status_code == 404, (name, path_value)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def test_list_pages_read_the_same_number_of_rows_whatever_their_length(client, officer):
    """No query per row: the event list, the catalogue and the figures cost the same for 3 rows as for 12."""
    client.force_login(officer)
    pages = [reverse("outreach:event_list"), reverse("outreach:material_list"), reverse("outreach:figures")]
    pages[2] += "?from=01/01/2025&to=31/12/2025"

    def add(n):
        for i in range(n):
            m = services.material_create(
                actor=officer, data={"kind": "poster", "title_vi": f"Áp phích {i}", "languages": ["vi"]}
            )
            services.stock_move(actor=officer, material=m, kind="received", quantity=10)
            e = services.event_create(actor=officer, data=event_data(kind="training_ngo", title=f"Tập huấn {i}"))
            services.participant_add(actor=officer, event=e, data=trainee(name=f"Người {i}"))
            services.event_materials_hand_out(actor=officer, event=e, items=[{"material": m.pk, "quantity": 2}])

    add(3)
    few = [_queries(client, url) for url in pages]
    add(9)
    assert [_queries(client, url) for url in pages] == few


def test_handing_out_nothing_is_a_clear_error_not_a_crash(client, officer, event, stocked):
    """The service's error is keyed "items", which a template must not read as dict.items()."""
    from django.utils import translation

    client.force_login(officer)
    with translation.override("en"):
        response = client.post(reverse("outreach:materials_hand_out", args=[event.pk]), {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Nothing was saved." in response.content.decode() or "Không có gì được lưu" in response.content.decode()
    assert MaterialStock.objects.get(material=stocked).quantity == 100

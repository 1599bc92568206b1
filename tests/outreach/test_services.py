"""Outreach services: validation (nothing saved on a refusal), the grid and the register, encrypted names,
stock arithmetic in one transaction, and who may write what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum

from safepath.audit.models import AccessEvent
from safepath.outreach import selectors, services
from safepath.outreach.models import Event, Material, MaterialStock, Participant, ParticipantCount, StockMovement
from tests.outreach.conftest import PDF, event_data, trainee

pytestmark = pytest.mark.django_db


def _stock(material, agency):
    return MaterialStock.objects.get(material=material, agency=agency).quantity


def _ledger(material, agency):
    return StockMovement.objects.filter(material=material, agency=agency).aggregate(n=Sum("quantity"))["n"] or 0


# --- events and the grid ------------------------------------------------------------------------------
def test_an_event_keeps_its_grid_and_totals(officer, event):
    grid = selectors.event_grid(event)
    assert grid.total == 23
    assert grid.by_sex() == {"female": 17, "male": 5, "other": 1}
    assert grid.by_age()["18_24"] == 15
    assert event.end_date == event.start_date == dt.date(2025, 3, 12)
    assert event.agency_id == officer.agency_id
    assert AccessEvent.objects.filter(
        object_type="outreach_event", action="create", object_ids=[str(event.pk)]
    ).exists()


@pytest.mark.parametrize("bad", [-1, "-3", "abc", "1.5", "1e3", True, "９", 100_001])
def test_a_bad_count_is_refused_and_nothing_is_saved(officer, bad):
    with pytest.raises(ValidationError) as exc:
        services.event_create(actor=officer, data=event_data(counts={"female_18_24": 4, "male_u18": bad}))
    errors = exc.value.message_dict
    assert "count_male_u18" in errors and "counts" in errors
    assert "count_female_18_24" not in errors
    assert not Event.objects.exists() and not ParticipantCount.objects.exists()


def test_counts_that_are_not_a_grid_are_refused(officer):
    with pytest.raises(ValidationError) as exc:
        services.event_create(actor=officer, data=event_data(counts=[1, 2, 3]))
    assert "counts" in exc.value.message_dict


def test_end_before_start_and_other_field_errors_come_together(officer):
    with pytest.raises(ValidationError) as exc:
        services.event_create(
            actor=officer,
            data=event_data(kind="party", title="", start_date="12/03/2025", end_date="11/03/2025", province="99"),
        )
    errors = exc.value.message_dict
    assert set(errors) >= {"kind", "title", "end_date", "province"}
    assert "The end comes before the start." in errors["end_date"]
    assert not Event.objects.exists()


def test_an_event_lasts_at_most_a_year_and_dates_must_be_real(officer):
    with pytest.raises(ValidationError) as exc:
        services.event_create(actor=officer, data=event_data(start_date="01/01/2024", end_date="01/02/2025"))
    assert "end_date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.event_create(actor=officer, data=event_data(start_date="31/02/2025"))
    assert "start_date" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.event_create(actor=officer, data=event_data(start_date="01/01/1999"))


def test_the_database_refuses_what_the_service_refuses(officer, event):
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantCount.objects.filter(event=event).update(count=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(end_date=dt.date(2025, 3, 1))


def test_update_replaces_the_grid_and_keeps_what_is_not_sent(officer, event):
    services.event_update(actor=officer, event=event, data={"counts": {"male_35_49": 3}, "venue": "UBND xã"})
    event.refresh_from_db()
    assert selectors.event_grid(event).total == 3
    assert event.venue == "UBND xã" and event.title.startswith("Truyền thông")
    services.event_update(actor=officer, event=event, data={"title": "Đổi tên"})
    assert selectors.event_grid(event).total == 3  # the grid stays when not sent


def test_partners_come_from_the_directory(officer):
    from safepath.directory.services import provider_for_agency

    own = provider_for_agency(officer.agency)
    e = services.event_create(actor=officer, data=event_data(partners=[str(own.pk)], partners_other="Đoàn Thanh niên"))
    assert list(e.partners.all()) == [own]
    with pytest.raises(ValidationError) as exc:
        services.event_create(actor=officer, data=event_data(partners=["not-an-id"]))
    assert "partners" in exc.value.message_dict


# --- the register of a training ------------------------------------------------------------------------
def test_the_register_drives_the_grid_and_the_scores(officer, training):
    grid = selectors.event_grid(training)
    assert grid.total == 3 and grid.cells[("male", "35_49")] == 2 and grid.cells[("female", "25_34")] == 1
    scores = selectors.event_scores(training)
    assert (scores.registered, scores.tested) == (3, 2)
    assert scores.average_gain == 15.0  # (35 + -5) / 2
    assert scores.improved == 1
    assert (scores.average_pre, scores.average_post) == (50.0, 65.0)
    p = Participant.objects.get(event=training, sex="female")
    services.participant_remove(actor=officer, participant=p)
    assert selectors.event_grid(training).total == 2


@pytest.mark.parametrize("bad", ["101", "-1", "abc", "50.5", 1000])
def test_a_score_out_of_range_is_refused_and_nothing_is_saved(officer, training, bad):
    before = Participant.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.participant_add(actor=officer, event=training, data=trainee(pre_score=bad))
    assert "Enter a whole number from 0 to 100." in exc.value.message_dict["pre_score"]
    assert Participant.objects.count() == before
    p = Participant.objects.filter(event=training).first()
    with pytest.raises(ValidationError):
        services.scores_set(actor=officer, event=training, scores={str(p.pk): ("10", bad)})
    p.refresh_from_db()
    assert p.post_score != 10 or p.pre_score != 10


def test_scores_are_saved_together(officer, training):
    ids = [str(p.pk) for p in Participant.objects.filter(event=training)]
    changed = services.scores_set(actor=officer, event=training, scores=dict.fromkeys(ids, ("20", "90")))
    assert changed == 3
    assert selectors.event_scores(training).average_gain == 70.0


def test_only_trainings_register_names(officer, event, training):
    with pytest.raises(ValidationError):
        services.participant_add(actor=officer, event=event, data=trainee())
    with pytest.raises(ValidationError) as exc:
        services.event_update(actor=officer, event=training, data={"kind": "policy_dialogue"})
    assert "kind" in exc.value.message_dict


def test_participant_names_are_encrypted_in_the_database(officer, training):
    with connection.cursor() as cur:
        cur.execute("SELECT name, organisation, position, contact FROM outreach_participant")
        raw = " ".join(" ".join(row) for row in cur.fetchall())
    for secret in ("Sùng Thị Mỷ Xuân", "Giàng A Páo", "Bắc Hà", "0987 654 321", "chuyên trách"):
        assert secret not in raw
    assert raw.startswith("v1.")
    names = sorted(p.name for p in Participant.objects.filter(event=training))
    assert names == ["Giàng A Páo", "Lò Văn Tám", "Sùng Thị Mỷ Xuân"]
    # The change log says which fields changed, never the values.
    p = Participant.objects.filter(event=training).first()
    services.participant_update(actor=officer, participant=p, data={"name": "Vàng Thị Dợ", "contact": "vtd@example.vn"})
    from auditlog.models import LogEntry

    logged = " ".join(str(e.changes) for e in LogEntry.objects.all())
    assert "[encrypted]" in logged
    for secret in ("Vàng Thị Dợ", "vtd@example.vn", "Sùng Thị Mỷ Xuân", "0987 654 321"):
        assert secret not in logged


def test_the_change_log_never_holds_a_trainee_s_values_when_added_or_removed(officer, training):
    """Registering, removing and deleting with the event (a cascade) each write a log entry: masked."""
    from auditlog.models import LogEntry

    services.participant_add(actor=officer, event=training, data=trainee(name="Hờ Thị Dua", contact="0912 000 111"))
    services.participant_remove(actor=officer, participant=Participant.objects.filter(event=training).first())
    services.event_delete(actor=officer, event=training)
    entries = LogEntry.objects.filter(content_type__model="participant")
    assert entries.filter(action=LogEntry.Action.DELETE).count() == 4  # one removed, three with the event
    logged = " ".join(f"{e.object_repr} {e.changes} {e.serialized_data}" for e in entries)
    assert "[encrypted]" in logged
    for secret in ("Hờ Thị Dua", "0912 000 111", "Sùng Thị Mỷ Xuân", "Giàng A Páo", "0987 654 321", "Bắc Hà"):
        assert secret not in logged


def test_reading_the_register_is_audited_and_names_are_for_officers_and_supervisors(
    officer, supervisor, counsellor, analyst, other_officer, training
):
    rows = selectors.event_participants(user=officer, event=training)
    assert [p.name for p in rows] == ["Giàng A Páo", "Lò Văn Tám", "Sùng Thị Mỷ Xuân"]  # sorted by name
    entry = AccessEvent.objects.filter(action="view", object_type="outreach_event").latest("seq")
    assert entry.object_ids == [str(training.pk)] and entry.detail == {"participants": 3}
    assert "Giàng" not in str(entry.detail)
    assert selectors.event_participants(user=supervisor, event=training)
    for user in (counsellor, analyst, other_officer):
        with pytest.raises(PermissionDenied):
            selectors.event_participants(user=user, event=training)
    with pytest.raises(PermissionDenied):
        services.participant_add(actor=counsellor, event=training, data=trainee())


# --- who may write --------------------------------------------------------------------------------------
def test_another_agency_and_other_roles_cannot_write(officer, counsellor, caseworker, analyst, other_officer, event):
    services.event_update(actor=counsellor, event=event, data={"venue": "Tư vấn viên sửa"})
    for user in (caseworker, analyst, other_officer):
        with pytest.raises(PermissionDenied):
            services.event_update(actor=user, event=event, data={"venue": "x"})
        with pytest.raises(PermissionDenied):
            services.event_delete(actor=user, event=event)
    for user in (caseworker, analyst):
        with pytest.raises(PermissionDenied):
            services.event_create(actor=user, data=event_data())


# --- stock ---------------------------------------------------------------------------------------------
def test_handing_out_at_an_event_takes_from_stock_in_one_transaction(officer, event, stocked, material):
    second = services.material_create(
        actor=officer, data={"kind": "poster", "title_vi": "Áp phích", "languages": ["vi"]}
    )
    services.stock_move(actor=officer, material=second, kind="received", quantity=5)
    services.event_materials_hand_out(
        actor=officer,
        event=event,
        items=[{"material": str(material.pk), "quantity": "30"}, {"material": "", "quantity": ""}],
    )
    assert _stock(material, officer.agency) == 70 == _ledger(material, officer.agency)
    out = StockMovement.objects.get(event=event)
    assert (out.kind, out.quantity, out.province_id, out.day) == ("event", -30, "15", event.start_date)
    # A second form: the first line fits, the second asks more than the 5 in stock -> nothing is recorded.
    with pytest.raises(ValidationError) as exc:
        services.event_materials_hand_out(
            actor=officer,
            event=event,
            items=[{"material": str(material.pk), "quantity": 10}, {"material": str(second.pk), "quantity": 6}],
        )
    message = " ".join(exc.value.message_dict["quantity_1"])
    assert "Only 5" in message and "Áp phích" in message
    assert _stock(material, officer.agency) == 70 and _stock(second, officer.agency) == 5
    assert StockMovement.objects.filter(event=event).count() == 1
    # Two lines of the same material are added up before the check.
    with pytest.raises(ValidationError):
        services.event_materials_hand_out(
            actor=officer,
            event=event,
            items=[{"material": str(second.pk), "quantity": 3}, {"material": str(second.pk), "quantity": 3}],
        )
    assert [h.quantity for h in selectors.event_materials(event)] == [30]


def test_hand_out_form_errors(officer, event, stocked):
    with pytest.raises(ValidationError) as exc:
        services.event_materials_hand_out(actor=officer, event=event, items=[{"material": "", "quantity": ""}])
    assert "items" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.event_materials_hand_out(actor=officer, event=event, items=[{"material": "nope", "quantity": 0}, "x"])
    assert {"material_0", "quantity_0", "material_1"} <= set(exc.value.message_dict)


def test_stock_movements_and_corrections(officer, stocked, material):
    services.stock_move(actor=officer, material=material, kind="handed_out", quantity="40", province="01")
    services.stock_move(actor=officer, material=material, kind="correction", quantity="-5", note="Hỏng do mưa")
    services.stock_move(actor=officer, material=material, kind="correction", quantity="+2")
    assert _stock(material, officer.agency) == 57 == _ledger(material, officer.agency)
    with pytest.raises(ValidationError) as exc:
        services.stock_move(actor=officer, material=material, kind="handed_out", quantity=58)
    assert "Only 57" in " ".join(exc.value.message_dict["quantity"])
    with pytest.raises(ValidationError):
        services.stock_move(actor=officer, material=material, kind="correction", quantity=-58)
    for kind, qty in (("received", 0), ("received", -3), ("correction", 0), ("event", 3), ("gift", 3)):
        with pytest.raises(ValidationError):
            services.stock_move(actor=officer, material=material, kind=kind, quantity=qty)
    with pytest.raises(ValidationError):
        services.stock_move(
            actor=officer, material=material, kind="received", quantity=1, day=dt.date.today() + dt.timedelta(days=3)
        )
    assert _stock(material, officer.agency) == 57 == _ledger(material, officer.agency)
    # Handed out otherwise: the agency's province when none is given.
    services.stock_move(actor=officer, material=material, kind="handed_out", quantity=1)
    assert StockMovement.objects.latest("created_at").province_id == "01"


def test_stock_is_per_agency(officer, other_officer, stocked, material):
    with pytest.raises(ValidationError):
        services.stock_move(actor=other_officer, material=material, kind="handed_out", quantity=1)
    services.stock_move(actor=other_officer, material=material, kind="received", quantity=7)
    assert _stock(material, other_officer.agency) == 7 and _stock(material, officer.agency) == 100


def test_the_database_keeps_the_stock_from_going_negative(officer, stocked, material):
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialStock.objects.filter(material=material).update(quantity=-1)


def test_taking_back_and_deleting_an_event_return_the_materials(officer, event, stocked, material):
    services.event_materials_hand_out(
        actor=officer, event=event, items=[{"material": str(material.pk), "quantity": 30}]
    )
    services.event_material_return(actor=officer, event=event, material_id=material.pk, quantity=10)
    assert _stock(material, officer.agency) == 80
    assert [h.quantity for h in selectors.event_materials(event)] == [20]
    with pytest.raises(ValidationError) as exc:
        services.event_material_return(actor=officer, event=event, material_id=material.pk, quantity=21)
    assert "Only 20" in " ".join(exc.value.message_dict["quantity"])
    services.event_delete(actor=officer, event=event)
    assert not Event.objects.exists()
    assert _stock(material, officer.agency) == 100 == _ledger(material, officer.agency)
    figures = selectors.outreach_figures(user=officer, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31))
    assert figures.materials_total == 0  # handed out and returned: nets to nothing


def test_low_stock_warning(officer, stocked, material):
    services.stock_threshold_set(actor=officer, material=material, threshold="100")
    assert [s.material_id for s in selectors.low_stock(user=officer)] == [material.pk]
    services.stock_threshold_set(actor=officer, material=material, threshold=99)
    assert selectors.low_stock(user=officer) == []
    with pytest.raises(ValidationError):
        services.stock_threshold_set(actor=officer, material=material, threshold="-1")


# --- materials -----------------------------------------------------------------------------------------
def test_material_validation(officer):
    with pytest.raises(ValidationError) as exc:
        services.material_create(actor=officer, data={"kind": "flyer", "title_vi": "", "languages": ["xx"]})
    assert set(exc.value.message_dict) >= {"kind", "title_vi", "languages"}
    with pytest.raises(ValidationError) as exc:
        services.material_create(actor=officer, data={"kind": "poster", "title_vi": "A", "languages": []})
    assert "Choose at least one language." in exc.value.message_dict["languages"]
    assert not Material.objects.exists()


def test_material_files_are_checked(officer, media, django_capture_on_commit_callbacks):
    data = {"kind": "handbook", "title_vi": "Sổ tay sức khỏe", "languages": ["vi"]}
    for name, content in (("evil.exe", b"MZ\x90"), ("fake.pdf", b"<html>"), ("empty.pdf", b"")):
        with pytest.raises(ValidationError) as exc:
            services.material_create(actor=officer, data=data, upload=SimpleUploadedFile(name, content))
        assert "file" in exc.value.message_dict, name
    assert not Material.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    m = services.material_create(
        actor=officer, data=data, upload=SimpleUploadedFile("../../Sổ tay.pdf", PDF, "text/html")
    )
    assert m.file_name == "Sổ tay.pdf" and m.file_type == "application/pdf" and m.file_size == len(PDF)
    assert m.file.name.startswith("outreach/materials/") and m.file.name.endswith(".pdf")
    stored = media / m.file.name
    assert stored.read_bytes() == PDF
    with django_capture_on_commit_callbacks(execute=True):
        services.material_update(actor=officer, material=m, data={}, remove_file=True)
    assert not m.file and not stored.exists()


def test_only_the_adding_agency_edits_a_material(officer, other_officer, counsellor, material):
    services.material_update(actor=counsellor, material=material, data={"title_en": "Japan"})
    with pytest.raises(PermissionDenied):
        services.material_update(actor=other_officer, material=material, data={"title_en": "x"})
    services.material_update(actor=officer, material=material, data={"is_active": False})
    material.refresh_from_db()
    assert not material.is_active
    with pytest.raises(ValidationError):  # no longer in use: not handed out, only corrected
        services.stock_move(actor=officer, material=material, kind="received", quantity=3)

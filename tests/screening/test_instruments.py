"""Instrument files: the shipped ones validate, and a broken one fails start-up with a message that says where and what."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from safepath.screening import instruments
from safepath.screening.instruments import InstrumentError, load, load_all

FIXTURE = Path(__file__).parent / "instruments" / "test-trafficking@2026.1.yaml"


def _broken(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(FIXTURE.read_text())
    change(data)
    path = tmp_path / FIXTURE.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def test_every_shipped_instrument_validates_and_each_kind_is_there():
    found = load_all([instruments.HERE])
    kinds = {i.kind for i in found.values()}
    assert kinds == {"trafficking", "forced_labour", "vulnerability", "needs"}
    for instrument in found.values():
        assert len(instrument.digest) == 64
        for q in instrument.questions():  # every question speaks both languages
            assert q.text.vi and q.text.en


def test_the_shipped_trafficking_lists_mark_what_the_reference_leaves_unverified():
    trafficking = next(i for i in load_all([instruments.HERE]).values() if i.kind == "trafficking")
    assert set(trafficking.lists) == {"adult_labour", "adult_sexual", "child_labour", "child_sexual"}
    assert trafficking.lists["adult_labour"].grades_status == "secondary"
    assert trafficking.lists["adult_sexual"].grades_status == "unverified"
    # Every indicator is reachable from some answer, and the six dimensions all have indicators.
    reachable = {c for q in trafficking.questions() for c in q.evidence + [c for o in q.options for c in o.evidence]}
    assert {i.code for i in trafficking.indicators} <= reachable
    assert len({i.dimension for i in trafficking.indicators}) == 6
    # Two dimension-3 grades are unverified even in the (secondary) adult labour list.
    assert sum("adult_labour" in i.unverified for i in trafficking.indicators) >= 2


def test_released_versions_have_not_changed():
    assert instruments.changed_after_release() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sections"][1]["questions"][0].update(evidence=["nope"]), "evidences 'nope'"),
        (lambda d: d["indicators"][0].update(dimension="sideways"), "indicators[0] (d1_job) → dimension"),
        (lambda d: d["title"].pop("en"), "title → en: Field required"),
        (
            lambda d: d["sections"][0]["questions"][0].update(show_if={"question": "q_job", "equals": "yes"}),
            "not a question asked before it",
        ),
        (lambda d: d["indicators"][0]["grades"].update(child_sexual="strong"), "not in 'lists'"),
        (lambda d: d.update(version="one"), "version"),
        (lambda d: d["sections"][0]["questions"][1].update(type="text"), "options are only for single and multi"),
    ],
)
def test_a_broken_file_is_refused_with_where_and_what(tmp_path, change, message):
    with pytest.raises(InstrumentError) as exc:
        load(_broken(tmp_path, change))
    assert str(tmp_path) in str(exc.value)
    assert message in str(exc.value)


def test_not_yaml_and_wrong_file_name_are_refused(tmp_path):
    bad = tmp_path / "x@2026.1.yaml"
    bad.write_text("code: [unclosed")
    with pytest.raises(InstrumentError, match="not valid YAML"):
        load(bad)
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(FIXTURE.read_text())
    with pytest.raises(InstrumentError, match=r"name it test-trafficking@2026\.1\.yaml"):
        load(renamed)


def test_a_broken_instrument_stops_start_up(tmp_path):
    _broken(tmp_path, lambda d: d["sections"][1]["questions"][0].update(evidence=["nope"]))
    env = {"SAFEPATH_INSTRUMENT_DIRS": str(tmp_path), "PATH": "/usr/bin:/bin", "SAFEPATH_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "safepath.manage", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "evidences 'nope', which is not in 'indicators'" in done.stderr


def test_skip_logic_and_evidence_count_only_questions_still_asked():
    instrument = instruments.get("test-trafficking", "2026.1")
    answers = {"ctx_exploitation": ["labour"], "q_clients": "yes", "q_job": "yes"}
    # q_clients is asked only for sexual exploitation: its "yes" is kept but evidences nothing.
    assert instrument.evidence(answers) == {"d1_job": ["q_job"]}
    answers["ctx_exploitation"] = ["labour", "sexual"]
    assert instrument.evidence(answers) == {"d1_job": ["q_job"], "d5_clients": ["q_clients"]}
    assert instrument.number("q_job") == "Q5"

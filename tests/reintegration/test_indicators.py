"""The indicator file: the 15 MEASURE themes in three dimensions, validated on load; a set with a higher
version and `source: iom` becomes the current one and is no longer called SafePath's default."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from safepath.reintegration import indicators

SHIPPED = indicators.HERE / "safepath-default-2026.1.yaml"
# The themes the domain reference lists (reference.md §4), in its words.
REFERENCE_THEMES = {
    "economic": ["income sources", "employment", "debt", "food security", "self-assessed economic situation"],
    "social": ["housing", "access to services and documentation", "health care", "education of children"],
    "psychosocial": [
        "social networks",
        "participation",
        "discrimination",
        "feeling of safety",
        "signs of distress",
        "desire to re-migrate",
    ],
}


def test_the_shipped_set_has_the_15_themes_in_three_dimensions():
    iset = indicators.current()
    assert iset.key == "safepath-default-2026.1" and iset.source == "safepath" and iset.is_default
    assert len(iset.indicators) == 15
    for dimension, themes in REFERENCE_THEMES.items():
        assert len(iset.in_dimension(dimension)) == len(themes), dimension
    assert [d.weight for d in iset.dimensions] == [1, 1, 1]
    # Every theme is marked unverified: the reference lists them from memory.
    assert {i.theme_status for i in iset.indicators} == {"unverified"}
    assert {s.status for s in iset.sources} == {"verified", "unverified"}
    for q in iset.questions():
        assert q.text.vi and q.text.en and all(o.label.vi and o.label.en for o in q.options)
    assert "not IOM's published weights" in iset.weights_note.en


def _write(folder: Path, name: str, **changes) -> Path:
    data = yaml.safe_load(SHIPPED.read_text())
    data.update(changes)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def test_a_broken_file_is_refused_with_the_place_and_the_problem(tmp_path):
    data = yaml.safe_load(SHIPPED.read_text())
    data["indicators"][3]["weight"] = 0
    data["indicators"][4]["dimension"] = "spiritual"
    path = tmp_path / "safepath-default-2026.1.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(indicators.IndicatorError) as exc:
        indicators.load(path)
    message = str(exc.value)
    assert "indicators[3] (food_security) → weight" in message
    assert "indicators[4] (economic_self_assessment) → dimension" in message


def test_fourteen_themes_or_a_wrong_file_name_are_refused(tmp_path):
    data = yaml.safe_load(SHIPPED.read_text())
    data["indicators"] = data["indicators"][:14]
    path = tmp_path / "safepath-default-2026.1.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(indicators.IndicatorError, match="15 MEASURE indicators"):
        indicators.load(path)
    wrong = _write(tmp_path, "weights.yaml")
    with pytest.raises(indicators.IndicatorError, match=r"name it safepath-default-2026\.1\.yaml"):
        indicators.load(wrong)


def test_two_sets_with_one_version_are_refused(tmp_path):
    shutil.copy(SHIPPED, tmp_path / SHIPPED.name)
    _write(tmp_path, "iom-rss-2026.1.yaml", code="iom-rss", source="iom")
    with pytest.raises(indicators.IndicatorError, match=r"version 2026\.1 is already used"):
        indicators.load_all([tmp_path])


def test_a_newer_iom_set_becomes_current_and_is_not_a_default(tmp_path, monkeypatch):
    shutil.copy(SHIPPED, tmp_path / SHIPPED.name)
    _write(tmp_path, "iom-rss-2027.1.yaml", code="iom-rss", version="2027.1", source="iom")
    found = indicators.load_all([tmp_path])
    monkeypatch.setattr(indicators, "registry", lambda: found)
    current = indicators.current()
    assert current.key == "iom-rss-2027.1" and not current.is_default
    assert indicators.get("safepath-default-2026.1").is_default  # old visits keep their set
    with pytest.raises(KeyError):
        indicators.get("nothing-2020.1")


def test_a_released_set_that_changes_fails_the_system_check(monkeypatch):
    from safepath.reintegration.checks import released_indicator_sets_unchanged

    assert indicators.changed_after_release() == [] and released_indicator_sets_unchanged() == []
    monkeypatch.setattr(indicators, "released_digests", lambda: {"safepath-default-2026.1": "0" * 64})
    errors = released_indicator_sets_unchanged()
    assert [e.id for e in errors] == ["reintegration.E001"] and "safepath-default-2026.1" in errors[0].msg

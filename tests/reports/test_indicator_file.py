"""The indicator file is checked when it is read: a wrong name fails here, not as a wrong figure later."""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import ValidationError

from safepath.reports import indicators, sources


@pytest.fixture
def raw():
    with open(indicators.INDICATOR_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_the_shipped_file_loads():
    data = indicators.load()
    codes = {i.code for i in data.indicators}
    assert {f"MRC-{n:02d}" for n in range(1, 20)} <= codes
    assert {f"CT-{n:02d}" for n in range(1, 7)} <= codes
    assert set(data.programmes) == {"MRC", "QD193_2021_2025", "QD33_2026_2030"}
    for indicator in data.indicators:
        assert indicator.name.vi and indicator.name.en and indicator.name.vi != indicator.name.en
        for programme in indicator.programmes:
            assert programme in data.programmes
    # both national programmes report the same programme indicators, each with its own targets
    assert {i.code for i in data.of_programme("QD193_2021_2025")} == {
        i.code for i in data.of_programme("QD33_2026_2030")
    }
    ct01 = data.get("CT-01")
    assert ct01.target_for("QD193_2021_2025").value == 100
    assert ct01.target_for("QD193_2021_2025").verified is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["indicators"][0]["numerator"].update(source="nothing"), "unknown source"),
        (lambda d: d["indicators"][0]["numerator"].update(measure="weight"), "no measure"),
        (lambda d: d["indicators"][0].update(disaggregations=["shoe_size"]), "no dimension"),
        (lambda d: d["indicators"][0]["numerator"].update(where={"conditions": ["happy"]}), "no condition"),
        (lambda d: d["indicators"][0].update(unit="percent"), "denominator"),
        (lambda d: d["indicators"][0].update(dhis2="1234"), "DHIS2 UID"),
        (lambda d: d["indicators"][0].update(hxl="no hashtag"), "HXL"),
        (lambda d: d["indicators"][1].update(code=d["indicators"][0]["code"]), "used twice"),
        (lambda d: d["indicators"][0].update(programmes=["QD999"]), "unknown programme"),
        (lambda d: d["indicators"][0].update(colour="red"), "Extra inputs"),
    ],
)
def test_mistakes_are_refused(raw, change, message):
    data = copy.deepcopy(raw)
    change(data)
    with pytest.raises((ValidationError, ValueError)) as info:
        indicators.parse(data)
    assert message in str(info.value)


def test_no_source_reaches_a_personal_field():
    """Dimensions are codes and ids: never an encrypted column or a blind index."""
    from django.apps import apps

    from safepath.core.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField

    encrypted = (EncryptedTextField, EncryptedJSONField, EncryptedBinaryField)
    for source in sources.sources().values():
        for dim in source.dimensions.values():
            if not dim.path:
                continue
            model = apps.get_model(source.model)
            parts = dim.path.split("__")
            for part in parts[:-1]:
                model = model._meta.get_field(part).related_model
            name = parts[-1].removesuffix("_id")
            field = model._meta.get_field(name)
            assert not isinstance(field, encrypted), (source.key, dim.key)
            assert not name.endswith("_bidx"), (source.key, dim.key)

"""From answers to a verdict on the small test instrument, with each grade and list worked out by hand."""

from __future__ import annotations

from safepath.screening import explain, instruments
from safepath.screening.results import evaluate

ADULT_LABOUR_ALL = {
    "ctx_under_18": "no",
    "ctx_exploitation": ["labour"],
    "q_job": "yes",  # d1 strong
    "q_wages": "yes",  # d1 medium -> deceptive recruitment positive (1 strong + 1 other)
    "q_hours": "yes",  # d4 strong
    "q_pay": "yes",  # d4 medium -> exploitation positive
    "q_docs": "yes",  # d5 strong
    "q_threat_family": "yes",  # d5 weak -> coercion at destination positive (1 strong + 1 other)
}


def run(answers, **kw):
    return evaluate(instruments.get("test-trafficking", "2026.1"), answers, **kw)


def test_all_three_elements_for_an_adult_give_a_strong_indication():
    result = run(ADULT_LABOUR_ALL)
    assert result["outcome"] == "strong_indication"
    assert result["lists"] == ["adult_labour"]
    d5 = result["by_list"]["adult_labour"]["dimensions"]["coercion_at_destination"]
    assert d5["positive"] and d5["because"] == "1 strong + 1 other"
    # The weak "threat to tell the family" grade is marked unverified in the adult labour list.
    assert {e["indicator"]: e["unverified"] for e in d5["evidence"]} == {"d5_docs": False, "d5_threat_family": True}
    assert result["evidence"]["d5_docs"] == ["q_docs"]


def test_without_the_means_an_adult_is_possible_and_a_child_is_strong():
    answers = {**ADULT_LABOUR_ALL, "q_docs": "no", "q_threat_family": "no"}
    adult = run(answers)
    assert adult["outcome"] == "possible"
    assert adult["by_list"]["adult_labour"]["missing"] == ["means"]
    child = run({**answers, "ctx_under_18": "yes"})
    assert child["outcome"] == "strong_indication" and child["lists"] == ["child_labour"]


def test_the_sexual_list_grades_forced_clients_strong():
    answers = {**ADULT_LABOUR_ALL, "ctx_exploitation": ["sexual"], "q_docs": "no", "q_clients": "yes"}
    # Labour list: d5_clients medium + d5_threat_family weak -> not enough. Sexual list: strong + weak -> positive.
    result = run(answers)
    assert result["lists"] == ["adult_sexual"]
    assert result["outcome"] == "strong_indication"
    labour = run({**answers, "ctx_exploitation": ["labour", "sexual"]})
    assert labour["by_list"]["adult_labour"]["outcome"] == "possible"
    assert labour["outcome"] == "strong_indication" and labour["deciding_list"] == "adult_sexual"


def test_unknown_age_uses_the_person_record_or_else_the_adult_lists():
    answers = {k: v for k, v in ADULT_LABOUR_ALL.items() if k != "ctx_under_18"}
    assert run(answers)["child_basis"] == "assumed_adult"
    from_record = run(answers, child_default=True)
    assert from_record["child"] is True and from_record["child_basis"] == "age"


def test_suggestions_are_only_suggestions_and_follow_the_answers():
    result = run({**ADULT_LABOUR_ALL, "ctx_location": "abroad", "ctx_current_risk": "yes"})
    assert result["suggest"] == {
        "legal_status": "under_identification_abroad",
        "exploitation_types": ["ForcedLabour"],
        "means_of_control": ["WithholdsDocuments"],
        "risk_level": "high",
    }
    assert run({"q_job": "yes"})["suggest"] == {}


def test_the_explanation_names_the_rule_and_the_answers(settings):
    from django.utils import translation

    instrument = instruments.get("test-trafficking", "2026.1")
    with translation.override("vi"):
        text = explain.explain(instrument, run(ADULT_LABOUR_ALL))
    assert text["outcome_label"] == "Có dấu hiệu rõ của mua bán người"
    recruitment = text["elements"][0]
    assert recruitment["present"]
    first = recruitment["dimensions"][0]
    assert first["positive"] and "Công việc khác lời hứa?" in first["evidence"][0]["questions"]

"""The corpus benchmark as a regression test: the figures `make bench` reports must not fall back."""

from __future__ import annotations

from benchmarks import jobcheck as bench


def test_corpus_is_labelled_and_varied():
    messages = bench.load_corpus()
    assert len(messages) >= 80
    assert sum(m["scam"] for m in messages) >= 45 and sum(not m["scam"] for m in messages) >= 35
    assert all(m["why"] and m["text"] for m in messages)
    assert len({m["id"] for m in messages}) == len(messages)
    assert sum(m["held_out"] for m in messages) == len(messages) // 5


def test_detection_and_false_alarms_on_the_corpus(capsys):
    results = bench.run(with_db=False)
    for part in ("all", "held_out"):
        r = results[part]
        assert r["detected"] / r["scams"] >= 0.9, (part, r)
        assert r["fa_high"] / r["legit"] <= 0.1, (part, r)
    assert results["all"]["detected"] > results["baseline"]["detected"]
    assert "detection" in capsys.readouterr().out

"""Numbers as Vietnamese users write them: thousands with dots, decimals with a comma."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation


def test_grouped_numbers_follow_the_language():
    template = Template('{{ amount|floatformat:"0g" }} ₫ · {{ score|floatformat:2 }}')
    context = Context({"amount": 10_000_000, "score": 0.375})
    with translation.override("vi"):
        assert template.render(context) == "10.000.000 ₫ · 0,38"
    with translation.override("en"):
        assert template.render(context) == "10,000,000 ₫ · 0.38"

"""The case-work fixtures (agency, staff, a person and an assigned case), shared with tests/cases."""

from tests.cases.conftest import agency, case, caseworker, caseworker2, counsellor, person, supervisor  # noqa: F401

"""The access log names changed fields as the forms do, whatever kind of field changed."""

from __future__ import annotations

from safepath.audit.models import AccessEvent


def test_a_reverse_relation_is_named_without_crashing():
    # recruiter_contact_add logs "recruiter_contacts", a reverse relation that has no verbose_name
    event = AccessEvent(object_type="case", detail={"fields": ["recruiter_contacts", "summary", "no_such_field"]})
    labels = event.changed_field_labels
    assert labels[0] == "recruiter_contacts"
    assert labels[2] == "no_such_field"
    assert len(labels) == 3

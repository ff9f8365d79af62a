"""Service field errors (dotted keys) become DRF's nested error objects."""

from __future__ import annotations

from kancelaria.core.errors import ValidationFailed
from kancelaria.registry.api import nest_field_errors, service_error_response


def test_dotted_keys_become_nested_objects():
    """Given flat and dotted keys, then flat stay lists and dotted nest under their head."""
    assert nest_field_errors({
        "subject": ["Enter a subject."],
        "correspondent.egn": ["Bad EGN.", "Not for organisations."],
        "correspondent.eik": ["Bad EIK."],
    }) == {
        "subject": ["Enter a subject."],
        "correspondent": {"egn": ["Bad EGN.", "Not for organisations."], "eik": ["Bad EIK."]},
    }


def test_a_key_with_both_its_own_and_nested_errors_keeps_both():
    assert nest_field_errors({"correspondent": ["Whole."], "correspondent.name": ["Name."]}) == {
        "correspondent": {"non_field_errors": ["Whole."], "name": ["Name."]}}
    assert nest_field_errors({"correspondent.name": ["Name."], "correspondent": ["Whole."]}) == {
        "correspondent": {"name": ["Name."], "non_field_errors": ["Whole."]}}


def test_the_answer_carries_code_detail_and_fields_below_a_key():
    exc = ValidationFailed("Not recorded.", fields={"reason": ["Enter a reason."], "correspondent.egn": ["Bad."]})
    response = service_error_response(exc, under="changes", keep=("reason",))
    assert response.status_code == 400
    assert response.data == {"code": "invalid", "detail": "Not recorded.", "reason": ["Enter a reason."],
                             "changes": {"correspondent": {"egn": ["Bad."]}}}

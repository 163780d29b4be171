"""The Rasa-process speed-ups keep Rasa's behaviour: valid action responses pass, invalid fail."""
from __future__ import annotations

import jsonschema
import pytest

from bot import rasa_speedups


@pytest.fixture(scope="module")
def remote_action():
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result
    rasa_speedups.install()
    yield RemoteAction("action_diagnose_payment", None)
    RemoteAction._validate_action_result = original


def test_a_valid_action_response_passes(remote_action):
    response = {"events": [{"event": "slot", "name": "cause", "value": "region_mismatch"}],
                "responses": [{"text": "您的参保地不对", "buttons": []}]}
    assert remote_action._validate_action_result(response) is True


@pytest.mark.parametrize("response", [{"events": 5}, {"responses": "不是列表"}, {"events": [{"name": "x"}]}])
def test_an_invalid_action_response_fails_with_rasas_message(remote_action, response):
    with pytest.raises(jsonschema.ValidationError) as error:
        remote_action._validate_action_result(response)
    assert "Failed to validate Action server response" in error.value.message


def test_the_schema_is_checked_once_not_per_response(remote_action, monkeypatch):
    calls = []
    validator_class = jsonschema.validators.validator_for(remote_action.action_response_format_spec())
    monkeypatch.setattr(validator_class, "check_schema", classmethod(lambda cls, s: calls.append(s)))
    for _ in range(3):
        remote_action._validate_action_result({"events": [], "responses": []})
    assert calls == []

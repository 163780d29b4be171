"""Costs of Rasa 3.6 that are not ours but dominate our turns under load, removed in the Rasa
process only (installed by bot/rasa_server.py before Rasa starts).

- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which re-checks the schema
  itself (`check_schema`) on every action response: 12–16 % of the Rasa server's samples under
  load (py-spy, ../shared/profile-2026-11-29.md). The schema is a constant, so it is checked once
  and one validator is reused; invalid responses fail exactly as before.
"""
from __future__ import annotations

from typing import Any, Dict


def install() -> None:
    from jsonschema import ValidationError, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    spec = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(spec)
    validator_class.check_schema(spec)
    validator = validator_class(spec)

    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, make sure your response "
                "from the Action endpoint is valid. For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions")
            raise error

    RemoteAction._validate_action_result = _validate_action_result

"""`python -m bot validate`: Rasa's validator leaves no warning unexplained, and the table of what
actions utter (actions/utterances.py) stays true of the domain and the code.

No trained model needed: the validator reads domain.yml, data/ and config.yml (a few seconds).
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Dict, Tuple

import pytest
import yaml

from actions.utterances import UTTERED_BY
from bot.settings import ROOT
from bot.validate import ActionsCode, RasaReport, check, explain, run_rasa_validator, table_problems

Table = Dict[str, Tuple[str, ...]]


@pytest.fixture(scope="module")
def report() -> RasaReport:
    return run_rasa_validator(ROOT / "domain.yml", ROOT / "data", ROOT / "config.yml")


@pytest.fixture(scope="module")
def code() -> ActionsCode:
    return ActionsCode()


def problems_of(table: Table, report: RasaReport, code: ActionsCode) -> list:
    return explain(report, table)[1] + table_problems(table, report, code)


def test_every_rasa_warning_is_explained_and_the_table_is_true(report, code):
    counts, unexplained = explain(report, UTTERED_BY)
    assert report.all_good
    assert not unexplained + table_problems(UTTERED_BY, report, code)
    # Rasa did warn: the table explains real warnings, not an empty list.
    assert sum(counts.values()) == len(report.warnings) > 0


def test_a_response_used_nowhere_fails(tmp_path: Path):
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    domain["responses"]["utter_nobody_sends_this"] = [{"text": "没有人发这条"}]
    path = tmp_path / "domain.yml"
    path.write_text(yaml.safe_dump(domain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, problems = check(domain=path)
    assert problems == ["The utterance 'utter_nobody_sends_this' is not used in any story or rule."]


def _with(table: Table, sender: str, *responses: str) -> Table:
    changed = copy.deepcopy(dict(table))
    changed[sender] = (*changed.get(sender, ()), *responses)
    return changed


@pytest.mark.parametrize("sender,response,expected", [
    # the code of action_family_info never sends the PIN rules
    ("action_family_info", "utter_pin_rules", "not sent by the code of action_family_info"),
    ("action_family_info", "utter_no_such_response", "no such response in the domain"),
    # pay_channel is no required slot of the revoke form
    ("revoke_authorization_form", "utter_ask_pay_channel", "not an utter_ask_<slot>"),
    ("action_restart", "utter_default", "Rasa's action_restart does not send it"),
    ("RulePolicy", "utter_default", "not in the settings of RulePolicy"),
    ("action_nobody_wrote", "utter_default", "is no custom action, form"),
])
def test_a_row_the_code_does_not_back_fails(report, code, sender, response, expected):
    problems = problems_of(_with(UTTERED_BY, sender, response), report, code)
    assert len(problems) == 1 and expected in problems[0], problems


def test_a_response_sent_by_code_but_left_out_of_the_table_fails(report, code):
    table = {sender: tuple(r for r in responses if r != "utter_pin_sign_in_needed")
             for sender, responses in UTTERED_BY.items()}
    problems = problems_of(table, report, code)
    assert problems == [
        "The utterance 'utter_pin_sign_in_needed' is not used in any story or rule.",
        "utter_pin_sign_in_needed is sent in actions/ but not listed in actions/utterances.py"]


def test_a_dynamic_response_family_must_be_listed(report, code):
    """f"utter_pin_path_{channel}" in the code: at least one of that family must be declared."""
    table = {sender: tuple(r for r in responses if not r.startswith("utter_pin_path_"))
             for sender, responses in UTTERED_BY.items()}
    problems = table_problems(table, report, code)
    assert problems == ["actions/ sends responses named 'utter_pin_path_[A-Za-z0-9_]+'; list them "
                        "in actions/utterances.py"]


def test_any_other_warning_is_unexplained(report):
    extra = "The example '你好' was found labeled with multiple different intents in the training data."
    noisy = copy.copy(report)
    noisy.warnings = [*report.warnings, extra,
                      # a duplicate that is not a retrieval intent is not Rasa's merge artefact
                      "The following duplicated intents have been found across multiple domain "
                      "files: faq, greet"]
    assert explain(noisy, UTTERED_BY)[1] == noisy.warnings[-2:]

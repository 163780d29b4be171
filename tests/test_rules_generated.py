"""The form rules are generated from one table (actions/flows.py): the file must match it."""
from __future__ import annotations

import yaml

from actions.flows import DIGRESSIONS, FORMS, digression_intents
from bot import rules


def test_generated_form_rules_are_up_to_date():
    assert rules.TARGET.read_text(encoding="utf-8") == rules.render(), (
        "data/rules/forms.yml differs from actions/flows.py: run `python -m bot.rules --write`")


def test_every_form_has_its_five_behaviours_and_the_same_digressions():
    generated = yaml.safe_load(rules.render())["rules"]
    for form, spec in FORMS.items():
        mine = [r for r in generated if r.get("condition") == [{"active_loop": form}]]
        names = " | ".join(r["rule"] for r in mine)
        assert f"submit {form}" in names and f"leaves {form}" in names, names
        digression = next(r for r in mine if "questions in the middle" in r["rule"])
        asked = [step["intent"] for step in digression["steps"][0]["or"]]
        assert asked == list(digression_intents(form))
        assert set(DIGRESSIONS) <= set(asked), form
        problem_rule = [r for r in mine if "new problem" in r["rule"]]
        assert bool(problem_rule) == spec.problems_leave_form, form


def test_check_mode_reports_a_stale_file(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "forms.yml"
    stale.write_text(rules.render().replace("action_answer_digression", "utter_default", 1))
    monkeypatch.setattr(rules, "TARGET", stale)
    assert rules.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert rules.main(["--write"]) == 0 and rules.main(["--check"]) == 0

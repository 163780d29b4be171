"""`python -m bot validate`: Rasa's own project validator (what `rasa data validate` runs), with
every warning it gives fixed at its source or explained by a declared, checked reason.

Rasa 3.6 counts a response as used only when a story or rule names it; most of ours are sent by
custom actions, forms, a Rasa default action or a policy. `actions/utterances.py` declares who
sends each one, and this check keeps that table true:
- every response Rasa calls "not used in any story or rule" is in the table;
- every response in the table exists in the domain and its sender really sends it: written in
  the code the custom action reaches (literally, or as an f-string such as
  f"utter_pin_path_{channel}"), the form's utter_ask_<slot>, the response of Rasa's default
  action, or the policy's settings in config.yml;
- every response written in the actions' code is in the table (a new one cannot be forgotten).
Any other warning fails, except the two Rasa behaviours in EXPLAINED_* below, each checked too.
"""
from __future__ import annotations

import argparse
import ast
import logging
import os
import re
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from bot.settings import ROOT

ACTIONS_DIR = ROOT / "actions"
# The table's key for responses the action server adds to whatever custom action runs.
ANY_ACTION = "any custom action"
TABLE_MODULE = "utterances.py"  # actions/utterances.py: the declared table, not sender code
UNUSED = re.compile(r"The utterance '([^']+)' is not used in any story or rule\.")
NO_EXAMPLES = re.compile(r"The intent '([^']+)' is listed in the domain file, but is not found "
                         r"in the NLU training data\.")
DUPLICATED_INTENTS = "The following duplicated intents have been found across multiple domain files: "

# Intents that reach Rasa without its classifier, so they have no training examples on purpose:
# intent -> (file that produces it, the text there that produces it, why).
EXPLAINED_NO_EXAMPLES: Dict[str, Tuple[str, str, str]] = {
    "other_language": ("bot/nlu/guard.py", '"other_language"',
                       "set by LanguageGuard for a message in another language"),
    "try_later": ("bot/nlu/guard.py", '"try_later"',
                  "set by LaterGuard: trying first, back if it still fails"),
    "ticket_status": ("bot/nlu/guard.py", '"ticket_status"',
                      "set by LaterGuard: a question about the human ticket open"),
    "revoke_authorization": ("actions/faq.py", "/revoke_authorization",
                             "only a button payload of the authorization list"),
}
# Retrieval actions no rule names because a custom action sends the selector's answer instead:
# action -> (file that sends it, the text there that sends it, why).
EXPLAINED_RETRIEVAL: Dict[str, Tuple[str, str, str]] = {
    "utter_faq": ("actions/faq.py", "retrieval_response(tracker) or",
                  "the ResponseSelector's answer, sent by action_answer_faq (actions/faq.py)"),
}
# Rasa's ResponsesSyncImporter merges a generated domain holding the retrieval intents of the
# NLU data into domain.yml's and reports each one as duplicated. Not listing them in domain.yml
# swaps this for "Found intent 'faq' in stories which is not part of the domain", so this
# warning is expected exactly for the retrieval intents (checked below), and for nothing else.
EXPLAINED_DUPLICATES = "retrieval intents re-added by Rasa's ResponsesSyncImporter"


@dataclass
class RasaReport:
    """What Rasa's validator said about the project, as `rasa data validate` would print it."""
    warnings: List[str]
    all_good: bool
    responses: Set[str]  # the domain's response names
    retrieval_intents: Set[str]
    domain_intents: Set[str]
    forms: Dict[str, List[str]]  # form -> required slots
    config: Mapping


def run_rasa_validator(domain: Path, data: Path, config: Path) -> RasaReport:
    """The checks of `rasa data validate` (rasa.cli.utils.validate_files), warnings collected."""
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.utils.common import EXPECTED_WARNINGS
    from rasa.validator import Validator

    collected: List[str] = []

    class Collect(logging.Handler):  # story conflicts are logged, not warned
        def emit(self, record: logging.LogRecord) -> None:
            collected.append(record.getMessage())

    handler = Collect(level=logging.WARNING)
    rasa_logger = logging.getLogger("rasa")
    rasa_logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            # the warnings the `rasa` command hides as expected (rasa.utils.common)
            for category, message in EXPECTED_WARNINGS:
                warnings.filterwarnings("ignore", message=f".*{message}", category=category)
            importer = TrainingDataImporter.load_from_config(
                domain_path=str(domain), training_data_paths=[str(data)], config_path=str(config))
            validator = Validator.from_importer(importer)
            all_good = all([
                validator.verify_domain_validity(),
                validator.verify_actions_in_stories_rules(),
                validator.verify_forms_in_stories_rules(),
                validator.verify_form_slots(),
                validator.verify_slot_mappings(),
                validator.verify_nlu(ignore_warnings=True),
                validator.verify_story_structure(ignore_warnings=False),
            ])
            validator.warn_if_config_mandatory_keys_are_not_set()
            nlu = importer.get_nlu_data()
    finally:
        rasa_logger.removeHandler(handler)
    # each once, in order, as the `rasa` command shows UserWarnings
    messages = list(dict.fromkeys(str(w.message) for w in caught
                                  if issubclass(w.category, UserWarning)))
    domain_obj = validator.domain
    return RasaReport(
        warnings=messages + collected, all_good=all_good,
        responses=set(domain_obj.responses), retrieval_intents=set(nlu.retrieval_intents),
        domain_intents=set(_domain_file_intents(domain)),
        forms={form: list(domain_obj.required_slots_for_form(form)) for form in domain_obj.form_names},
        config=validator.config)


def _domain_file_intents(domain: Path) -> List[str]:
    from rasa.shared.utils.io import read_yaml_file
    return [next(iter(i)) if isinstance(i, dict) else i
            for i in (read_yaml_file(str(domain)) or {}).get("intents", [])]


# --- what the actions' code sends -----------------------------------------------------------

@dataclass
class Sent:
    """Response names a piece of code can send: literal strings and f-string patterns."""
    literals: Set[str] = field(default_factory=set)
    patterns: Set[str] = field(default_factory=set)  # regexes made from f"utter_x_{...}"

    def covers(self, response: str) -> bool:
        return response in self.literals or any(re.fullmatch(p, response) for p in self.patterns)


def _fstring_pattern(node: ast.JoinedStr) -> Optional[str]:
    parts = node.values
    if not parts or not isinstance(parts[0], ast.Constant) or not str(parts[0].value).startswith("utter_"):
        return None
    return "".join(re.escape(str(p.value)) if isinstance(p, ast.Constant) else r"[A-Za-z0-9_]+"
                   for p in parts)


class ActionsCode:
    """The actions package read as source: which action class is which, and what each reaches.

    An action reaches its class (methods, bases) and, transitively, every module-level function,
    class or constant of the actions package it names: `ActionHandoff().run(...)`, a table like
    NEXT_STEP, a helper like ask_wallet imported from actions.common."""

    def __init__(self, directory: Path = ACTIONS_DIR) -> None:
        self.defs: Dict[Tuple[str, str], ast.AST] = {}
        self.imports: Dict[Tuple[str, str], Tuple[str, str]] = {}
        self.trees: Dict[str, ast.Module] = {}
        self.actions: Dict[str, Tuple[str, str]] = {}  # action name -> (module, class)
        self._reached: Dict[str, Sent] = {}
        for path in sorted(directory.glob("*.py")):
            if path.name in ("__init__.py", TABLE_MODULE):
                continue
            module = path.stem
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            self.trees[module] = tree
            for node in tree.body:
                self._index(module, node)
            for node in ast.walk(tree):  # an import inside a function (a cycle broken) counts too
                if isinstance(node, ast.ImportFrom) and node not in tree.body:
                    self._index(module, node)

    def _index(self, module: str, node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.defs[(module, node.name)] = node
            if isinstance(node, ast.ClassDef) and (name := _action_name(node)):
                self.actions[name] = (module, node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    self.defs[(module, target.id)] = node
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("actions."):
            for alias in node.names:
                self.imports[(module, alias.asname or alias.name)] = (node.module.split(".", 1)[1],
                                                                      alias.name)

    def reached(self, action: str) -> Sent:
        if action in self._reached:
            return self._reached[action]
        sent = self._reached[action] = Sent()
        seen: Set[Tuple[str, str]] = set()
        todo = [self.actions[action]]
        while todo:
            key = todo.pop()
            key = self.imports.get(key, key)
            if key in seen or key not in self.defs:
                continue
            seen.add(key)
            node = self.defs[key]
            _strings(node, sent)
            todo += [(key[0], n.id) for n in ast.walk(node) if isinstance(n, ast.Name)]
        return sent

    def everything(self) -> Sent:
        sent = Sent()
        for tree in self.trees.values():
            _strings(tree, sent)
        return sent


def _action_name(node: ast.ClassDef) -> Optional[str]:
    """The constant returned by the class's own `def name(self)`, if any."""
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and item.name == "name":
            for ret in ast.walk(item):
                if isinstance(ret, ast.Return) and isinstance(ret.value, ast.Constant):
                    return str(ret.value.value)
    return None


def _strings(node: ast.AST, sent: Sent) -> None:
    in_fstrings = set()
    for child in ast.walk(node):
        if isinstance(child, ast.JoinedStr):
            in_fstrings.update(id(part) for part in child.values)
            pattern = _fstring_pattern(child)
            if pattern:
                sent.patterns.add(pattern)
    for child in ast.walk(node):
        if (isinstance(child, ast.Constant) and isinstance(child.value, str)
                and child.value.startswith("utter_") and id(child) not in in_fstrings):
            sent.literals.add(child.value)


# --- the checks -----------------------------------------------------------------------------

def default_action_responses() -> Dict[str, Optional[str]]:
    """Rasa's default actions -> the response each one sends (e.g. action_restart: utter_restart)."""
    from rasa.core.actions.action import default_actions
    return {action.name(): getattr(action, "utter_action", None) for action in default_actions()}


def _policy_values(config: Mapping, policy: str) -> Set[str]:
    return {str(value) for entry in config.get("policies") or [] if entry.get("name") == policy
            for value in entry.values()}


def table_problems(table: Mapping[str, Sequence[str]], report: RasaReport,
                   code: ActionsCode) -> List[str]:
    """Why the declared table is not true of the code, the domain and the config (empty: it is)."""
    problems: List[str] = []
    listed: Dict[str, str] = {}
    defaults = default_action_responses()
    for sender, responses in table.items():
        for response in responses:
            where = f"actions/utterances.py: {sender} -> {response}"
            listed.setdefault(response, sender)
            if response not in report.responses:
                problems.append(f"{where}: no such response in the domain")
            elif sender == ANY_ACTION:
                pass  # added to any custom action's replies by the action server (actions/repeats.py)
            elif sender in code.actions:
                if not code.reached(sender).covers(response):
                    problems.append(f"{where}: not sent by the code of {sender} "
                                    f"(actions/{code.actions[sender][0]}.py and what it calls)")
            elif sender in report.forms:
                asks = {f"utter_ask_{slot}" for slot in report.forms[sender]} | {
                    f"utter_ask_{sender}_{slot}" for slot in report.forms[sender]}
                if response not in asks:
                    problems.append(f"{where}: not an utter_ask_<slot> of {sender}'s required slots")
            elif sender in defaults:
                if defaults[sender] != response:
                    problems.append(f"{where}: Rasa's {sender} does not send it")
            elif _policy_values(report.config, sender):
                if response not in _policy_values(report.config, sender):
                    problems.append(f"{where}: not in the settings of {sender} in config.yml")
            else:
                problems.append(f"{where}: {sender} is no custom action, form, Rasa default "
                                f"action or policy of config.yml")
    everything = code.everything()
    for response in sorted(everything.literals & report.responses - set(listed)):
        problems.append(f"{response} is sent in actions/ but not listed in actions/utterances.py")
    for pattern in sorted(everything.patterns):
        if not any(re.fullmatch(pattern, r) for r in listed):
            problems.append(f"actions/ sends responses named {pattern!r}; list them in "
                            "actions/utterances.py")
    return problems


def explain(report: RasaReport, table: Mapping[str, Sequence[str]],
            root: Path = ROOT) -> Tuple[Dict[str, int], List[str]]:
    """Sort Rasa's warnings into explained (counted by reason) and unexplained ones."""
    declared = {r for responses in table.values() for r in responses}
    counts: Dict[str, int] = {}
    unexplained: List[str] = []

    def count(reason: str) -> None:
        counts[reason] = counts.get(reason, 0) + 1

    expected_duplicates = ", ".join(sorted(report.retrieval_intents & report.domain_intents))
    for message in report.warnings:
        unused, no_examples = UNUSED.search(message), NO_EXAMPLES.search(message)
        if unused and unused.group(1) in declared:
            count("responses sent by actions, forms, default actions or policies "
                  "(actions/utterances.py)")
        elif unused and _sent_instead(unused.group(1), root):
            count(f"{unused.group(1)}: {EXPLAINED_RETRIEVAL[unused.group(1)][2]}")
        elif no_examples and _produced(no_examples.group(1), root):
            count(f"intent {no_examples.group(1)}: "
                  f"{EXPLAINED_NO_EXAMPLES[no_examples.group(1)][2]}")
        elif expected_duplicates and message.strip() == DUPLICATED_INTENTS + expected_duplicates:
            count(f"intents {expected_duplicates}: {EXPLAINED_DUPLICATES}")
        else:
            unexplained.append(message.strip())
    return counts, unexplained


def _explained_in_code(table: Dict[str, Tuple[str, str, str]], key: str, root: Path) -> bool:
    """The explanation of `key` in `table` still holds: its file contains its needle."""
    if key not in table:
        return False
    path, needle, _ = table[key]
    source = root / path
    return source.is_file() and needle in source.read_text(encoding="utf-8")


def _sent_instead(action: str, root: Path) -> bool:
    return _explained_in_code(EXPLAINED_RETRIEVAL, action, root)


def _produced(intent: str, root: Path) -> bool:
    return _explained_in_code(EXPLAINED_NO_EXAMPLES, intent, root)


def check(domain: Path = ROOT / "domain.yml", data: Path = ROOT / "data",
          config: Path = ROOT / "config.yml", table: Optional[Mapping[str, Sequence[str]]] = None,
          actions_dir: Path = ACTIONS_DIR) -> Tuple[Dict[str, int], List[str]]:
    """(explained warnings counted by reason, problems); the project is valid when no problems."""
    if table is None:
        from actions.utterances import UTTERED_BY as table
    report = run_rasa_validator(domain, data, config)
    counts, problems = explain(report, table)
    problems += table_problems(table, report, ActionsCode(actions_dir))
    if not report.all_good:
        problems.append("Rasa's validator reports errors (see the warnings above)")
    return counts, problems


def main(argv: Optional[Iterable[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot validate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domain", type=Path, default=ROOT / "domain.yml")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    args = parser.parse_args(list(argv) if argv is not None else None)
    # Quiet as `make` runs Rasa: no TensorFlow start-up lines, no progress bar (which Rasa
    # shows unless its LOG_LEVEL is WARNING); the validator's findings are all printed below.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    counts, problems = check(args.domain, args.data, args.config)
    for reason, n in sorted(counts.items()):
        print(f"explained: {n:3d} × {reason}")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    print(f"rasa data validate: {sum(counts.values())} warnings, all explained" if not problems
          else f"rasa data validate: {len(problems)} problems", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

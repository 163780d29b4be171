"""`python -m bot shell --script FILE`: a conversation with expected replies.

Format (UTF-8, one item a line):
    # a comment                  blank lines and comments are skipped
    > 付款失败了                  the user types this (a shell command too: `> /persona chen_region`)
    < 参保地不一致                the replies to the last `>` line must contain this keyword
    <! 余额只有                   … and must not contain this one
    付款失败了                    a bare line is a user turn as well (older scripts)
The replies of a turn are the texts the assistant sent back for it and its buttons, written
`[title]` (so `< [转人工]` checks that a human is offered as a button). Every
expectation is checked; a mismatch is shown at once and again in a summary on stderr, and the
shell exits 1 (2 when the file itself is wrong).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, TextIO


class ScriptError(ValueError):
    """The script file itself is wrong (exit 2): says which line and why."""


@dataclass
class Expectation:
    keyword: str
    present: bool  # `<` must contain, `<!` must not
    line_no: int

    def met_by(self, replies: str) -> bool:
        return (self.keyword in replies) == self.present

    def describe(self) -> str:
        return f"{'a reply containing' if self.present else 'no reply containing'} 「{self.keyword}」"


@dataclass
class Step:
    text: str
    line_no: int
    expectations: List[Expectation] = field(default_factory=list)


@dataclass
class Failure:
    step: Step
    expectation: Expectation
    replies: List[str]


def parse_script(lines: List[str], name: str = "script") -> List[Step]:
    steps: List[Step] = []
    for line_no, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("<"):
            present = not line.startswith("<!")
            keyword = line[1 if present else 2:].strip()
            if not keyword:
                raise ScriptError(f"{name}:{line_no}: `{line}` names no keyword")
            if not steps:
                raise ScriptError(f"{name}:{line_no}: expectation `{line}` before any `> message` line")
            steps[-1].expectations.append(Expectation(keyword, present, line_no))
            continue
        text = line[1:].strip() if line.startswith(">") else line
        if not text:
            raise ScriptError(f"{name}:{line_no}: `>` with no message")
        steps.append(Step(text, line_no))
    return steps


def reply_strings(messages: List[Dict[str, Any]]) -> List[str]:
    """The assistant's replies to one turn as the person sees them: texts, then buttons."""
    out = []
    for message in messages:
        if message.get("text"):
            out.append(str(message["text"]))
        for button in message.get("buttons") or []:
            out.append(f"[{button.get('title')}]")
    return out


def check(step: Step, messages: List[Dict[str, Any]]) -> List[Failure]:
    replies = reply_strings(messages)
    joined = "\n".join(replies)
    return [Failure(step, e, replies) for e in step.expectations if not e.met_by(joined)]


def report_failures(failures: List[Failure], name: str, total: int, out: TextIO) -> None:
    """The summary after the run: for each miss, the user turn, what was expected, what came."""
    print(f"{name}: {len(failures)} of {total} expectations not met", file=out)
    for failure in failures:
        print(f"--- {name}:{failure.expectation.line_no}  (after `> {failure.step.text}`, "
              f"line {failure.step.line_no})", file=out)
        print(f"-   expected {failure.expectation.describe()}", file=out)
        if not failure.replies:
            print("+   got no reply at all", file=out)
        for reply in failure.replies:
            for part in reply.splitlines() or [""]:
                print(f"+   {part}", file=out)


def run_script(session: Any, steps: List[Step], name: str, err: TextIO) -> int:
    """Run the steps through a shell session; 0 when every expectation held, else 1."""
    failures: List[Failure] = []
    total = sum(len(step.expectations) for step in steps)
    for step in steps:
        if not session.handle(step.text):
            break
        missed = check(step, session.last_replies)
        for failure in missed:
            session.print(f"  ✗ {name}:{failure.expectation.line_no}: expected "
                          f"{failure.expectation.describe()}")
        failures += missed
    if failures:
        report_failures(failures, name, total, err)
        return 1
    if total:
        session.print(f"— {name}: all {total} expectations met")
    return 0

"""After the whole session's traffic: nothing personal or secret is left at rest.

Runs last (see conftest): by then every test has sent its numbers, PINs, tokens and PIN-reset
flows through the shared stack, so the stored conversations and the process logs hold all of it
that would ever be kept.
"""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

pytestmark = pytest.mark.at_rest

# Unmasked personal numbers as people type them (the masks keep at most 3+4 digits of a phone).
# Not after a "." or a letter: the digits of a float (an NLU confidence) or an id are no number.
PERSONAL = {
    "phone number": re.compile(r"(?<![\d.A-Za-z])1[3-9]\d{9}(?![\dA-Za-z])"),
    "ID-card number": re.compile(r"(?<![\d.A-Za-z])\d{17}[\dXx](?![\dA-Za-z])"),
    "bank-card number": re.compile(r"(?<![\d.A-Za-z])62\d{14,17}(?![\dA-Za-z])"),
    "PIN-reset link": re.compile(r"/wallet/pin-reset/(?!\[已隐藏\]|\*\*\*)[A-Za-z0-9_\-]{8,}"),
}


def _findings(text: str, where: str) -> list:
    return [f"{where}: {kind} {match.group()[:6]}…" for kind, pattern in PERSONAL.items()
            for match in pattern.finditer(text)]


def _values_of(key: str, node) -> list:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == key and v] + [
            found for v in node.values() for found in _values_of(key, v)]
    if isinstance(node, list):
        return [found for item in node for found in _values_of(key, item)]
    return []


def test_no_personal_number_token_or_reset_link_is_stored(stack):
    found = []
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        rows = db.execute("SELECT sender_id, data FROM events").fetchall()
    assert rows, "the session's conversations should be in the tracker store"
    tokens = []
    for sender, data in rows:
        found += _findings(data, f"tracker store ({sender})")
        tokens += [value for value in _values_of("token", json.loads(data)) if value != "[已隐藏]"]
    assert not tokens, f"{len(tokens)} sign-in tokens stored, e.g. {str(tokens[0])[:12]}…"
    assert not found, found[:20]


def test_no_personal_number_or_reset_link_in_the_process_logs(stack):
    logs = {service.name: Path(service.log_path) for service in stack.services.values()}
    found = []
    for name, path in logs.items():
        if path.exists():
            found += _findings(path.read_text(errors="replace"), name)
    assert not found, found[:20]


def test_no_personal_number_or_reset_link_in_tickets_audit_or_stored_outcomes(stack):
    """What the chat wrote into the platform: ticket summaries quote people, the audit log and
    the stored write outcomes (idempotency records) repeat requests and answers."""
    database = stack.env["WALLET_DATABASE_URL"].removeprefix("sqlite:///")
    found = []
    with sqlite3.connect(database) as db:
        tickets = db.execute("SELECT ticket_no, summary FROM support_tickets").fetchall()
        assert tickets, "the session's hand-offs should have opened tickets"
        for ticket_no, summary in tickets:
            found += _findings(summary, f"ticket {ticket_no}")
        for table, columns in (("audit_log", "action, before, after"),
                               ("idempotency_records", "route, response")):
            for row in db.execute(f"SELECT {columns} FROM {table}"):
                found += _findings(" ".join(str(v) for v in row), table)
    assert not found, found[:20]

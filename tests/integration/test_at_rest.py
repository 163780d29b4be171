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
PERSONAL = {
    "phone number": re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    "ID-card number": re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])"),
    "bank-card number": re.compile(r"(?<!\d)62\d{14,17}(?!\d)"),
    "PIN-reset link": re.compile(r"/wallet/pin-reset/(?!\[已隐藏\]|\*\*\*)[A-Za-z0-9_\-]{8,}"),
}


def _findings(text: str, where: str) -> list:
    return [f"{where}: {kind} {match.group()[:6]}…" for kind, pattern in PERSONAL.items()
            for match in pattern.finditer(text)]


def test_no_personal_number_token_or_reset_link_is_stored(stack):
    found = []
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        rows = db.execute("SELECT sender_id, data FROM events").fetchall()
    assert rows, "the session's conversations should be in the tracker store"
    tokens = 0
    for sender, data in rows:
        found += _findings(data, f"tracker store ({sender})")
        for value in re.findall(r'"token":\s*"([^"]*)"', data):
            tokens += value != "[已隐藏]"
    assert tokens == 0, f"{tokens} sign-in tokens stored"
    assert not found, found[:20]


def test_no_personal_number_or_reset_link_in_the_process_logs(stack):
    logs = {service.name: Path(service.log_path) for service in stack.services.values()}
    found = []
    for name, path in logs.items():
        if path.exists():
            found += _findings(path.read_text(errors="replace"), name)
    assert not found, found[:20]

"""The operator page's token, the command line's errors, grouping and the NLU draft's masking."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.report.build import build_report
from bot.report.similarity import group_texts, nlu_draft
from bot.settings import KNOWN_DEMO_VALUES, ROOT, SecretError
from bot.web.ops import COOKIE, ops_router, ops_token

TOKEN = "ops-test-token-0123456789abcdef"


@pytest.fixture
def report_dir(store, tmp_path: Path) -> Path:
    build_report(store, tmp_path / "report", progress=False)
    return tmp_path / "report"


def client(report_dir: Path, env: dict) -> TestClient:
    app = FastAPI()
    app.include_router(ops_router(report_dir, env))
    return TestClient(app)


def test_the_report_is_refused_without_the_token(report_dir: Path):
    web = client(report_dir, {"OPS_TOKEN": TOKEN})
    for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": TOKEN}):
        answer = web.get("/ops/report", headers=headers)
        assert answer.status_code == 401 and "运营令牌" in answer.text
        assert "用户的猜测" not in answer.text  # nothing of the report
        assert web.get("/ops/report.json", headers=headers).status_code == 401
    web.cookies.set(COOKIE, "forged")
    assert web.get("/ops/report").status_code == 401


def test_the_token_opens_the_report_by_header_or_sign_in_form(report_dir: Path):
    web = client(report_dir, {"OPS_TOKEN": TOKEN})
    answer = web.get("/ops/report", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200 and "用户的猜测 vs 后台查出的原因" in answer.text
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert web.post("/ops/login", data={"token": "nope"}).status_code == 401
    signed_in = web.post("/ops/login", data={"token": TOKEN}, follow_redirects=False)
    assert signed_in.status_code == 303
    cookie = signed_in.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and TOKEN not in cookie
    assert "用户的猜测" in web.get("/ops/report").text
    assert web.get("/ops/report.json").json()["totals"]["conversations"] == 9


def test_no_token_outside_demo_mode_closes_the_pages_and_public_values_are_refused(report_dir: Path):
    closed = client(report_dir, {"WALLET_DEMO_MODE": "false"})
    answer = closed.get("/ops/report", headers={"Authorization": "Bearer anything-at-all-123"})
    assert answer.status_code == 503 and "OPS_TOKEN" in answer.text
    for value in ("demo", "changeme", "short"):
        with pytest.raises(SecretError, match="OPS_TOKEN"):
            ops_token({"OPS_TOKEN": value})


def test_demo_mode_uses_a_per_install_secret_not_a_public_one(monkeypatch):
    import bot.web.ops as ops

    if "OPS_TOKEN" in ops.SECRET_NAMES:  # a named secret: generated per install like the others
        token = ops.ops_token({"WALLET_DEMO_MODE": "true"})
        assert token and len(token) >= 32 and token.lower() not in KNOWN_DEMO_VALUES
    monkeypatch.setattr(ops, "SECRET_NAMES", {})  # else derived from this install's seal key
    first = ops_token({"WALLET_DEMO_MODE": "true", "PII_SEAL_KEY": "k" * 43})
    other = ops_token({"WALLET_DEMO_MODE": "true", "PII_SEAL_KEY": "m" * 43})
    assert first and other and first != other and len(first) >= 32


def test_missing_report_is_a_page_not_an_error(tmp_path: Path):
    web = client(tmp_path / "nothing", {"OPS_TOKEN": TOKEN})
    answer = web.get("/ops/report", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 404 and "python -m bot report" in answer.text


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.report", "--no-progress", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_command_line_builds_and_refuses_bad_input_with_a_message(store, tmp_path: Path):
    done = run_cli("--url", store, "--out", str(tmp_path / "out"), "--since", "2026-11-21")
    assert done.returncode == 0, done.stderr
    assert "会话 3" in done.stdout and (tmp_path / "out" / "index.html").is_file()
    bad_date = run_cli("--url", store, "--since", "yesterday")
    assert bad_date.returncode == 2 and "not a date" in bad_date.stderr
    backwards = run_cli("--url", store, "--since", "2026-11-22", "--until", "2026-11-20")
    assert backwards.returncode == 2 and "--since" in backwards.stderr
    bad_table = run_cli("--url", store, "--table", "events; drop table events")
    assert bad_table.returncode == 2 and "identifier" in bad_table.stderr
    for output in (bad_date, backwards, bad_table):
        assert "Traceback" not in output.stderr


def test_similar_messages_group_together_and_the_draft_is_masked():
    groups = group_texts(["钱包怎么开通", "钱包咋开通", "钱包怎么开通", "我的猫丢了", "13812345678 打不通"])
    assert [(g.representative, g.count) for g in groups][:1] == [("钱包怎么开通", 3)]
    assert {g.representative for g in groups[1:]} >= {"我的猫丢了"}
    draft = nlu_draft(groups)
    assert "13812345678" not in draft and "intent: unlabelled_01" in draft


def test_a_hostile_message_is_shown_as_text_not_markup(tmp_path: Path):
    from bot.report.synthetic import Script, write_events

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    hostile = '--><script>alert(1)</script><img src=x onerror=alert(2)>'
    write_events(url, [Script("evil").fallback(hostile).fallback(hostile)])
    page = build_report(url, tmp_path / "out", progress=False).index.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, escaped, in the table

"""No public secret: per-install generation, and refusal of unset or known demo values."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import (
    KNOWN_DEMO_VALUES,
    ROOT,
    SECRET_NAMES,
    SecretError,
    base_env,
    check_secrets,
    load_or_create_secrets,
    require_secret,
)


def test_first_start_generates_private_random_secrets_and_reuses_them(tmp_path: Path):
    path = tmp_path / "var" / "secrets.env"
    first = load_or_create_secrets(path)
    assert set(first) == set(SECRET_NAMES)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert all(len(value) >= 40 and value.lower() not in KNOWN_DEMO_VALUES for value in first.values())
    assert len(set(first.values())) == len(first)
    assert load_or_create_secrets(path) == first  # reused after
    other_install = load_or_create_secrets(tmp_path / "other" / "secrets.env")
    assert not set(other_install.values()) & set(first.values())


def test_a_missing_secret_is_added_and_a_loosened_file_is_made_private_again(tmp_path: Path):
    path = tmp_path / "secrets.env"
    path.write_text("WALLET_TOKEN_SECRET=kept-value-0123456789\n")
    path.chmod(0o644)
    values = load_or_create_secrets(path)
    assert values["WALLET_TOKEN_SECRET"] == "kept-value-0123456789"
    assert values["PII_SEAL_KEY"] and stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("name", sorted(SECRET_NAMES))
def test_outside_demo_mode_an_unset_secret_is_refused_by_name(name: str):
    env = {n: "x" * 43 for n in SECRET_NAMES if n != name}
    with pytest.raises(SecretError, match=name):
        check_secrets(env)


@pytest.mark.parametrize("value", ["demo-token-secret-change-me", "demo-service-key", "demo-api-token",
                                   "demo-wechat-token", "demo-pii-seal-key-change-me"])
@pytest.mark.parametrize("demo", ["true", "false"])
def test_every_old_public_default_is_refused_even_in_demo_mode(value: str, demo: str):
    env = {n: "y" * 43 for n in SECRET_NAMES}
    env["WALLET_TOKEN_SECRET"] = value
    env["WALLET_DEMO_MODE"] = demo
    with pytest.raises(SecretError, match="WALLET_TOKEN_SECRET.*public"):
        check_secrets(env)


def test_the_launcher_environment_always_carries_this_installs_secrets(monkeypatch):
    for name in SECRET_NAMES:
        monkeypatch.delenv(name, raising=False)
    env = base_env(WALLET_DEMO_MODE="false")
    check_secrets(env)  # nothing unset, nothing public
    monkeypatch.setenv("WALLET_SERVICE_KEY", "operator-chosen-service-key-0123456789")
    assert base_env()["WALLET_SERVICE_KEY"] == "operator-chosen-service-key-0123456789"
    assert require_secret("WALLET_SERVICE_KEY") == "operator-chosen-service-key-0123456789"


def _start(module: str, env_changes: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SECRET_NAMES}
    env.update({n: "z" * 43 for n in SECRET_NAMES}, WALLET_DEMO_MODE="false",
               WALLET_DATABASE_URL="sqlite://", PYTHONPATH=str(ROOT), **env_changes)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("module", ["bot.wallet", "bot.rasa_server"])
def test_processes_refuse_to_start_with_a_public_secret(module: str):
    result = _start(module, {"WALLET_SERVICE_KEY": "demo-service-key"}, "--port", "1")
    assert result.returncode != 0
    assert "WALLET_SERVICE_KEY" in result.stderr and "Traceback" not in result.stderr


def test_the_wallet_refuses_to_start_outside_demo_mode_without_its_token_secret():
    result = _start("bot.wallet", {"WALLET_TOKEN_SECRET": None}, "--port", "1")
    assert result.returncode != 0
    assert "WALLET_TOKEN_SECRET is not set" in result.stderr


def test_bot_run_refuses_a_public_secret_before_training_or_starting_anything():
    result = _start("bot", {"RASA_API_TOKEN": "demo-api-token"}, "run", "--no-demo")
    assert result.returncode != 0
    assert "RASA_API_TOKEN" in result.stderr and "public demo value" in result.stderr
    assert "training" not in result.stdout


def test_a_generated_token_starting_with_a_dash_reaches_rasa_as_the_token(monkeypatch):
    # token_urlsafe gives a leading "-" to one install in 64: `--auth-token -x…` made argparse
    # refuse the start ("expected one argument") and the Rasa server never came up.
    import rasa.__main__ as rasa_entry

    from bot import rasa_server, rasa_speedups

    token = "-" + "z" * 42
    for name in SECRET_NAMES:
        monkeypatch.setenv(name, "y" * 43)
    monkeypatch.setenv("RASA_API_TOKEN", token)
    parsed = {}
    monkeypatch.setattr(rasa_entry, "main", lambda: parsed.update(
        vars(rasa_entry.create_argument_parser().parse_args(sys.argv[1:]))))
    monkeypatch.setattr(rasa_speedups, "install", lambda: None)
    monkeypatch.setattr(sys, "argv", ["bot.rasa_server", "--port", "1"])
    rasa_server.main()
    assert parsed["auth_token"] == token and parsed["enable_api"]

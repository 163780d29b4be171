"""The one settings layer (bot.config): overrides, clear errors, and each process's secrets."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from actions.config import ActionSettings
from bot.config import PROCESS_SECRETS, Settings, SettingsError
from bot.settings import ROOT, SECRET_NAMES, SecretError
from bot.wallet.config import WalletSettings
from bot.web.config import WebSettings

# The five the product refuses to run with while they hold a value published in this repository.
PUBLIC_DEFAULTS = {
    "WALLET_TOKEN_SECRET": "demo-token-secret-change-me",
    "PII_SEAL_KEY": "demo-pii-seal-key-change-me",
    "WALLET_SERVICE_KEY": "demo-service-key",
    "RASA_API_TOKEN": "demo-api-token",
    "WECHAT_TOKEN": "demo-wechat-token",
}


def good_secrets() -> dict:
    return {name: f"{name.lower()}-0123456789abcdef0123456789" for name in SECRET_NAMES}


def test_the_environment_overrides_each_default():
    defaults = Settings.from_env({})
    given = Settings.from_env({"WALLET_URL": "http://wallet.internal:9000/", "WEB_PORT": "9090",
                               "WALLET_DEMO_MODE": "yes", "WALLET_TIMEOUT_SECONDS": "1.5",
                               "RASA_READY_TIMEOUT": "400"})
    assert defaults.wallet_url == "http://127.0.0.1:8000" and not defaults.demo_mode
    assert given.wallet_url == "http://wallet.internal:9000"  # no trailing slash, ever
    assert (given.web_port, given.demo_mode, given.wallet_timeout_seconds, given.rasa_ready_timeout) == (
        9090, True, 1.5, 400.0)
    # An empty variable is unset, not a value.
    assert Settings.from_env({"WALLET_URL": "", "WALLET_DEMO_MODE": " "}) == defaults


def test_os_environ_is_read_unless_a_mapping_is_given(monkeypatch):
    monkeypatch.setenv("WALLET_READ_RETRIES", "4")
    assert Settings.from_env().wallet_read_retries == 4
    assert Settings.from_env({}).wallet_read_retries == 1


def test_every_service_view_reads_the_same_layer():
    env = {**good_secrets(), "WALLET_URL": "http://10.0.0.7:8100", "WALLET_TIMEOUT_SECONDS": "2",
           "WALLET_PUBLIC_URL": "https://wallet.example.cn/", "WALLET_PIN_MAX_TRIES": "3"}
    wallet, web = WalletSettings.from_env(env), WebSettings.from_env(env)
    actions = ActionSettings.from_env(env)
    assert web.wallet_url == actions.wallet_url == "http://10.0.0.7:8100"
    assert web.wallet_timeout == actions.timeout_seconds == 2.0
    assert wallet.public_url == "https://wallet.example.cn" and wallet.pin_max_tries == 3
    assert actions.service_key == wallet.service_key == env["WALLET_SERVICE_KEY"]
    # Unset, each caller keeps its own budget: the site's people wait longer than a chat turn.
    assert (WebSettings.from_env(good_secrets()).wallet_timeout,
            ActionSettings.from_env(good_secrets()).timeout_seconds) == (5.0, 3.0)


@pytest.mark.parametrize("name,value,why", [
    ("WALLET_PIN_MAX_TRIES", "0", "greater than 0"),
    ("WEB_PORT", "fifty", "not a valid integer"),
    ("RASA_PORT", "70000", "less than 65536"),
    ("WALLET_DEMO_MODE", "maybe", "bool"),
    ("WALLET_TIMEOUT_SECONDS", "-1", "greater than 0"),
    ("WALLET_READ_RETRIES", "many", "not a valid integer"),
])
def test_a_bad_value_is_refused_naming_the_variable_and_the_value(name, value, why):
    with pytest.raises(SettingsError) as error:
        Settings.from_env({name: value})
    assert f"{name}={value!r}" in str(error.value) and why in str(error.value)
    assert isinstance(error.value, ValueError)  # the entry points catch ValueError already


def test_each_of_the_five_is_checked_by_a_process_that_uses_it():
    checked = {name for names in PROCESS_SECRETS.values() for name in names}
    assert set(PUBLIC_DEFAULTS) <= checked


@pytest.mark.parametrize("name", sorted(PUBLIC_DEFAULTS))
def test_outside_demo_mode_each_public_value_stops_every_process_that_uses_it(name):
    users = [process for process, names in PROCESS_SECRETS.items() if name in names]
    for process in users:
        env = {**good_secrets(), name: PUBLIC_DEFAULTS[name], "WALLET_DEMO_MODE": "false"}
        with pytest.raises(SecretError, match=f"{name} has a public demo value"):
            Settings.from_env(env).require(process)
        unset = {k: v for k, v in good_secrets().items() if k != name}
        with pytest.raises(SecretError, match=f"{name} is not set"):
            Settings.from_env(unset).require(process)
        assert Settings.from_env(good_secrets()).require(process)[name] == good_secrets()[name]


def test_the_secrets_are_not_shown_when_settings_are_printed():
    shown = repr(Settings.from_env(good_secrets()))
    assert not any(value in shown for value in good_secrets().values())


def test_the_action_server_refuses_to_start_with_a_public_wallet_key():
    env = {k: v for k, v in os.environ.items() if k not in SECRET_NAMES}
    env.update(good_secrets(), WALLET_SERVICE_KEY="demo-service-key", WALLET_DEMO_MODE="false",
               PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "bot.action_server", "--port", "1"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "WALLET_SERVICE_KEY has a public demo value" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_wechat_channel_refuses_a_public_token(monkeypatch):
    from bot.channels.wechat import WeChatInput

    for name, value in good_secrets().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("WALLET_DEMO_MODE", "false")
    with pytest.raises(SecretError, match="WECHAT_TOKEN"):
        WeChatInput.from_credentials({"token": "demo-wechat-token"})
    monkeypatch.setenv("WECHAT_TOKEN", "demo-wechat-token")
    with pytest.raises(SecretError, match="WECHAT_TOKEN"):
        WeChatInput.from_credentials({})
    monkeypatch.setenv("WECHAT_TOKEN", "wechat-token-of-this-account-0123456789")
    assert WeChatInput.from_credentials({}).token == "wechat-token-of-this-account-0123456789"

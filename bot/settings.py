"""Paths, secrets policy and child-process environment (standard library only: the doctor runs
before the venv). The typed settings every process reads are in bot.config.

Secrets never have a public default. Each install generates its own on first start into
`var/secrets.env` (mode 0600, reused afterwards) unless the environment sets them; a process
started outside demo mode refuses to start while one is unset or still a known demo value.
"""
from __future__ import annotations

import fcntl
import os
import secrets
import tempfile
from pathlib import Path
from typing import Dict, Mapping, MutableMapping, Optional

from bot.ports import Ports

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
MODELS = ROOT / "models"
SPACY_MODEL = MODELS / "spacy_zh"
SECRETS_FILE = VAR / "secrets.env"
# Where the wallet backend listens unless WALLET_URL says otherwise (bot.config reads it typed).
DEFAULT_WALLET_URL = f"http://127.0.0.1:{Ports().wallet}"

# Every shared secret of the product and what it protects.
SECRET_NAMES: Dict[str, str] = {
    "WALLET_TOKEN_SECRET": "signs user tokens and PIN-reset links (wallet backend)",
    "WALLET_SERVICE_KEY": "lets the action server, channels and website call the wallet",
    "RASA_API_TOKEN": "Rasa's HTTP API (trackers)",
    "WECHAT_TOKEN": "WeChat webhook signatures (must equal the 公众号 setting)",
    "PII_SEAL_KEY": "seals phone numbers for the chat sign-in; signs widget sessions",
    "ACTION_SERVER_TOKEN": "Rasa -> action server shared secret",
    "OPS_TOKEN": "operators' analytics report at /ops/report (website)",
}
# Values that were once defaults in this public repository: whoever has the source knows them.
KNOWN_DEMO_VALUES = frozenset({
    "demo-token-secret-change-me", "demo-service-key", "demo-api-token", "demo-wechat-token",
    "demo-pii-seal-key-change-me", "change-me", "changeme", "secret", "demo",
})
_TRUE = {"1", "true", "yes", "on"}


class SecretError(RuntimeError):
    """A secret is missing or public; the message names the variable and how to fix it."""


def is_demo_mode(env: Optional[Mapping[str, str]] = None) -> bool:
    env = os.environ if env is None else env
    return env.get("WALLET_DEMO_MODE", "").strip().lower() in _TRUE


def _parse_env_file(text: str) -> Dict[str, str]:
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def load_or_create_secrets(path: Path = SECRETS_FILE) -> Dict[str, str]:
    """This install's secrets: read from `path`, any missing one generated and saved (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Processes starting at once must agree on one set: generate under an exclusive lock.
    with open(path.parent / ".secrets.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _load_or_create_locked(path)


def _load_or_create_locked(path: Path) -> Dict[str, str]:
    existing = _parse_env_file(path.read_text()) if path.exists() else {}
    if path.exists() and path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)  # someone loosened it; a secret file is for its owner only
    values = {name: existing.get(name) or secrets.token_urlsafe(32) for name in SECRET_NAMES}
    if values != {k: existing.get(k) for k in SECRET_NAMES}:
        lines = ["# Generated on first start, one per install; never commit. Delete to rotate."]
        lines += [f"{name}={values[name]}" for name in SECRET_NAMES]
        lines += [f"{k}={v}" for k, v in existing.items() if k not in SECRET_NAMES]
        # Written to a private temp file and renamed, so the secrets are never world-readable.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secrets.")
        with os.fdopen(fd, "w") as handle:
            handle.write("\n".join(lines) + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    return values


def fill_secrets(env: MutableMapping[str, str], path: Path = SECRETS_FILE) -> None:
    """Set every secret the environment does not set from this install's secrets file."""
    if all(env.get(name) for name in SECRET_NAMES):
        return
    generated = load_or_create_secrets(path)
    for name in SECRET_NAMES:
        if not env.get(name):
            env[name] = generated[name]


def require_secret(name: str, env: Optional[Mapping[str, str]] = None) -> str:
    """The secret's value, or SecretError when it is unset or public.

    In demo mode an unset secret comes from this install's `var/secrets.env` (generated on first
    use); outside demo mode it must be set explicitly. A known demo value is refused everywhere.
    """
    env = os.environ if env is None else env
    value = (env.get(name) or "").strip()
    if not value:
        if not is_demo_mode(env):
            raise SecretError(
                f"{name} is not set ({SECRET_NAMES.get(name, 'secret')}). Set it in the environment, "
                f"or start through `python -m bot run`, which generates one per install in {SECRETS_FILE}.")
        value = load_or_create_secrets()[name]
    if value.lower() in KNOWN_DEMO_VALUES:
        raise SecretError(
            f"{name} has a public demo value that anyone with the source knows; "
            f"set a random one (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`) "
            f"or unset it to use the per-install secret in {SECRETS_FILE}.")
    return value


def check_secrets(env: Mapping[str, str]) -> None:
    """Refuse to start while any secret is unset (outside demo mode) or a public demo value."""
    for name in SECRET_NAMES:
        require_secret(name, env)


def base_env(**overrides: str) -> Dict[str, str]:
    """Environment for child processes: never phone home, embedded stores by default."""
    VAR.mkdir(exist_ok=True)
    env = dict(os.environ)
    defaults = {
        # A medical-insurance product must not send telemetry or error reports anywhere.
        "RASA_TELEMETRY_ENABLED": "false",
        "SENTRY_DSN": "",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONUNBUFFERED": "1",
        "WALLET_URL": DEFAULT_WALLET_URL,
        "ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook",
        "TRACKER_DB": str(VAR / "tracker.db"),
        "JIEBA_CACHE_DIR": str(VAR),
    }
    for key, value in defaults.items():
        env.setdefault(key, value)
    # Telemetry stays off even when the caller's environment says otherwise.
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.update(overrides)
    fill_secrets(env)
    existing = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + existing if existing else "")
    return env

"""The typed settings every process reads (pydantic BaseSettings, as the FastAPI template's
core/config.py): paths, the wallet's URL, ports, timeouts, demo mode and the secrets.

`bot.settings` keeps what must import without the virtual env (`python -m bot doctor` runs on the
system's Python): the paths, the secret names and the per-install secrets file. Everything a
process configures itself from goes through `Settings.from_env()` here; the per-service
dataclasses (bot/wallet/config.py, actions/config.py, bot/web/config.py) are views of it.
"""
from __future__ import annotations

import contextvars
import os
from typing import Any, Dict, Mapping, Optional, Tuple

from pydantic import BaseSettings, Field, ValidationError, validator

from bot.ports import Ports
from bot.settings import DEFAULT_WALLET_URL, MODELS, ROOT, SECRET_NAMES, VAR, require_secret

__all__ = ["ROOT", "VAR", "MODELS", "Settings", "SettingsError", "PROCESS_SECRETS", "DEFAULT_WALLET_URL"]

_PORTS = Ports()
DEFAULT_RASA_URL = f"http://127.0.0.1:{_PORTS.rasa}"

# Which secrets each process uses, checked when it starts (a missing or public one stops it).
PROCESS_SECRETS: Dict[str, Tuple[str, ...]] = {
    "wallet": ("WALLET_TOKEN_SECRET", "WALLET_SERVICE_KEY"),
    # Actions call the wallet and open the phone numbers the channels sealed.
    "actions": ("ACTION_SERVER_TOKEN", "WALLET_SERVICE_KEY", "PII_SEAL_KEY"),
    # Rasa's API, and its channels: WeChat signatures, openid sign-in, sealing phone numbers.
    "rasa": ("RASA_API_TOKEN", "WECHAT_TOKEN", "WALLET_SERVICE_KEY", "PII_SEAL_KEY"),
}

# The mapping the settings are read from; os.environ unless from_env() was given another.
_SOURCE: contextvars.ContextVar[Optional[Mapping[str, str]]] = contextvars.ContextVar(
    "settings_source", default=None)


class SettingsError(ValueError):
    """A variable has a value that cannot be used; the message names it and what was given."""


def _from_source(settings: BaseSettings) -> Dict[str, Any]:
    env = _SOURCE.get()
    env = os.environ if env is None else env
    values: Dict[str, Any] = {}
    for field in settings.__fields__.values():
        for name in field.field_info.extra["env_names"]:
            raw = env.get(name)
            # An empty variable means "unset" (e.g. `WALLET_DEMO_MODE=` in a compose file).
            if raw is not None and raw.strip():
                values[field.name] = raw.strip()
                break
    return values


def _port(default: int, env: str) -> Any:
    return Field(default, env=env, gt=0, lt=65536)


class Settings(BaseSettings):
    """One process's configuration; every field names the variable that overrides it."""

    demo_mode: bool = Field(False, env="WALLET_DEMO_MODE")

    # Where the wallet backend is reached (server side), and the address people's browsers use
    # for it (links in chat answers, e.g. the PIN-reset page).
    wallet_url: str = Field(DEFAULT_WALLET_URL, env="WALLET_URL")
    wallet_public_url: str = Field(DEFAULT_WALLET_URL, env="WALLET_PUBLIC_URL")
    wallet_database_url: str = Field(f"sqlite:///{VAR / 'wallet.db'}", env="WALLET_DATABASE_URL")
    wallet_token_ttl_seconds: int = Field(3600, env="WALLET_TOKEN_TTL_SECONDS", gt=0)
    wallet_pin_max_tries: int = Field(5, env="WALLET_PIN_MAX_TRIES", gt=0)
    # Unset: each caller's own budget (the actions answer within Rasa's turn, the site waits longer).
    wallet_timeout_seconds: Optional[float] = Field(None, env="WALLET_TIMEOUT_SECONDS", gt=0)
    wallet_read_retries: int = Field(1, env="WALLET_READ_RETRIES", ge=0)
    demo_sms_url: Optional[str] = Field(None, env="DEMO_SMS_URL")

    rasa_url: str = Field(DEFAULT_RASA_URL, env="RASA_URL")
    rasa_public_url: Optional[str] = Field(None, env="RASA_PUBLIC_URL")
    rasa_ready_timeout: Optional[float] = Field(None, env="RASA_READY_TIMEOUT", gt=0)
    # Turns Rasa works on at once, and how long a further one waits (bot/channels/load.py).
    rasa_max_active_turns: Optional[int] = Field(None, env="RASA_MAX_ACTIVE_TURNS", gt=0)
    rasa_turn_max_wait_seconds: Optional[float] = Field(None, env="RASA_TURN_MAX_WAIT_SECONDS", gt=0)
    sanic_backlog: int = Field(1024, env="SANIC_BACKLOG", gt=0)
    python_warnings: str = Field("", env="PYTHONWARNINGS")

    wallet_port: int = _port(_PORTS.wallet, "WALLET_PORT")
    actions_port: int = _port(_PORTS.actions, "ACTIONS_PORT")
    rasa_port: int = _port(_PORTS.rasa, "RASA_PORT")
    web_port: int = _port(_PORTS.web, "WEB_PORT")
    web_allowed_origins: Optional[str] = Field(None, env="WEB_ALLOWED_ORIGINS")

    action_server_host: Optional[str] = Field(None, env="ACTION_SERVER_HOST")
    action_server_response_timeout: Optional[float] = Field(
        None, env="ACTION_SERVER_RESPONSE_TIMEOUT", gt=0)
    service_instance_id: Optional[str] = Field(None, env="SERVICE_INSTANCE_ID")
    ops_report_dir: Optional[str] = Field(None, env="OPS_REPORT_DIR")

    wechat_app_id: str = Field("wx0000000000demo", env="WECHAT_APP_ID")
    wechat_encoding_aes_key: Optional[str] = Field(None, env="WECHAT_ENCODING_AES_KEY")
    wechat_max_clock_skew_seconds: int = Field(300, env="WECHAT_MAX_CLOCK_SKEW_SECONDS", gt=0)
    wechat_reply_window_seconds: float = Field(4.5, env="WECHAT_REPLY_WINDOW_SECONDS", gt=0)

    # Scale-out (endpoints.scale.yml, README "Deploying at scale"): the shared stores.
    rasa_endpoints: Optional[str] = Field(None, env="RASA_ENDPOINTS")
    lb_port: int = _port(8088, "LB_PORT")
    tracker_db_host: str = Field("127.0.0.1", env="TRACKER_DB_HOST")
    tracker_db_port: int = _port(5432, "TRACKER_DB_PORT")
    tracker_db_user: str = Field("postgres", env="TRACKER_DB_USER")
    tracker_db_password: str = Field("", env="TRACKER_DB_PASSWORD", repr=False)
    # The SQLite file of `make run`, or the PostgreSQL database's name with the scale-out endpoints.
    tracker_db: Optional[str] = Field(None, env="TRACKER_DB")
    redis_host: str = Field("127.0.0.1", env="REDIS_HOST")
    redis_port: int = _port(6379, "REDIS_PORT")
    # Channel state shared by the Rasa servers (bot/shared_state.py); default with the scale-out
    # endpoints: db 2 of REDIS_HOST (the lock store uses db 1).
    shared_state_url: Optional[str] = Field(None, env="SHARED_STATE_URL")
    rabbitmq_host: str = Field("127.0.0.1", env="RABBITMQ_HOST")
    rabbitmq_port: int = _port(5672, "RABBITMQ_PORT")
    rabbitmq_user: str = Field("guest", env="RABBITMQ_USER")
    rabbitmq_password: str = Field("guest", env="RABBITMQ_PASSWORD", repr=False)
    analytics_db_url: Optional[str] = Field(None, env="ANALYTICS_DB_URL", repr=False)

    @property
    def scale_out(self) -> bool:
        return (self.rasa_endpoints or "").endswith("endpoints.scale.yml")

    def postgres_url(self, database: str) -> str:
        auth = self.tracker_db_user + (f":{self.tracker_db_password}" if self.tracker_db_password else "")
        return f"postgresql://{auth}@{self.tracker_db_host}:{self.tracker_db_port}/{database}"

    # Secrets: no defaults (bot.settings generates them per install); read through secret().
    wallet_token_secret: Optional[str] = Field(None, env="WALLET_TOKEN_SECRET", repr=False)
    wallet_service_key: Optional[str] = Field(None, env="WALLET_SERVICE_KEY", repr=False)
    rasa_api_token: Optional[str] = Field(None, env="RASA_API_TOKEN", repr=False)
    wechat_token: Optional[str] = Field(None, env="WECHAT_TOKEN", repr=False)
    pii_seal_key: Optional[str] = Field(None, env="PII_SEAL_KEY", repr=False)
    action_server_token: Optional[str] = Field(None, env="ACTION_SERVER_TOKEN", repr=False)
    ops_token: Optional[str] = Field(None, env="OPS_TOKEN", repr=False)
    socket_session_key: Optional[str] = Field(None, env="SOCKET_SESSION_KEY", repr=False)

    class Config:
        case_sensitive = True
        allow_mutation = False

        @classmethod
        def customise_sources(cls, init_settings, env_settings, file_secret_settings):
            # Keyword arguments first, then the environment (or the mapping given to from_env).
            return init_settings, _from_source

    @validator("wallet_url", "wallet_public_url", "rasa_url", "rasa_public_url")
    def _no_trailing_slash(cls, value: Optional[str]) -> Optional[str]:
        return value.rstrip("/") if value else value

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        """Settings from `env` (default os.environ); SettingsError naming the variable and the
        value when one is not usable."""
        reset = _SOURCE.set(env)
        try:
            return cls()
        except ValidationError as error:
            raise SettingsError(_explain(error, env)) from None
        finally:
            _SOURCE.reset(reset)

    def secret(self, name: str) -> str:
        """The secret `name`; SecretError (naming it) when unset outside demo mode or public."""
        field = name.lower()
        if name not in SECRET_NAMES and field not in self.__fields__:
            raise KeyError(name)
        value = getattr(self, field, None) or ""
        return require_secret(name, {name: value, "WALLET_DEMO_MODE": "true" if self.demo_mode else ""})

    def require(self, process: str) -> Dict[str, str]:
        """Every secret `process` uses (PROCESS_SECRETS), checked now: the first bad one stops it."""
        return {name: self.secret(name) for name in PROCESS_SECRETS[process]}


def _explain(error: ValidationError, env: Optional[Mapping[str, str]]) -> str:
    env = os.environ if env is None else env
    problems = []
    for item in error.errors():
        field = Settings.__fields__[str(item["loc"][0])]
        name = next(iter(field.field_info.extra["env_names"]))
        problems.append(f"{name}={env.get(name, '')!r} is not valid: {item['msg']}")
    return "; ".join(problems)

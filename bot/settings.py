"""Defaults for every process the project starts, in one place; the environment overrides."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
MODELS = ROOT / "models"
SPACY_MODEL = MODELS / "spacy_zh"


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
        "WALLET_URL": "http://127.0.0.1:8000",
        "WALLET_SERVICE_KEY": "demo-service-key",
        "ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook",
        "TRACKER_DB": str(VAR / "tracker.db"),
        "JIEBA_CACHE_DIR": str(VAR),
    }
    for key, value in defaults.items():
        env.setdefault(key, value)
    # Telemetry stays off even when the caller's environment says otherwise.
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.update(overrides)
    existing = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + existing if existing else "")
    return env

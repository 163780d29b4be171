"""Which of the real servers the scale-out tests need are reachable, and a visible skip when not."""
from __future__ import annotations

import socket

import pytest

SERVICES = {"PostgreSQL": 5432, "Redis": 6379, "RabbitMQ": 5672}


def reachable(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def require_services(*names: str) -> None:
    missing = [name for name in names if not reachable(SERVICES[name])]
    if missing:
        pytest.skip(f"{', '.join(missing)} not reachable on 127.0.0.1 (.ci/run starts them: "
                    f"`service postgresql start`, `service redis-server start`, "
                    f"`service rabbitmq-server start`)")

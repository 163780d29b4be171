"""`python -m bot.wallet --host 127.0.0.1 --port 8000`"""
from __future__ import annotations

import argparse
import logging

import uvicorn

from bot.privacy import AccessLogFilter, redact_reset_links
from bot.settings import SecretError

from .app import create_app
from .config import WalletSettings


class RedactAccessLog(AccessLogFilter):
    """The PIN-reset link's secret is a credential, the demo SMS inbox's path holds a phone
    number: keep both out of the access log."""

    def redact(self, value: str) -> str:
        return super().redact(redact_reset_links(value))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.wallet", description="Run the wallet backend.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("uvicorn.access").addFilter(RedactAccessLog())
    try:
        settings = WalletSettings.from_env()
    except (SecretError, ValueError) as error:
        raise SystemExit(f"wallet backend not started: {error}") from None
    app = create_app(settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()

"""`python -m bot.wallet --host 127.0.0.1 --port 8000`"""
from __future__ import annotations

import argparse
import logging
import re

import uvicorn

from .app import create_app
from .config import WalletSettings


_RESET_SECRET = re.compile(r"(/wallet/pin-reset/)[^/?\s]+")


class RedactResetSecrets(logging.Filter):
    """The PIN-reset link's secret is a credential: keep it out of the access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_RESET_SECRET.sub(r"\1***", a) if isinstance(a, str) else a
                                for a in record.args)
        return True


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.wallet", description="Run the wallet backend.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("uvicorn.access").addFilter(RedactResetSecrets())
    app = create_app(WalletSettings.from_env())
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()

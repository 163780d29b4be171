"""`python -m bot.wallet --host 127.0.0.1 --port 8000`"""
from __future__ import annotations

import argparse
import logging

import uvicorn

from .app import create_app
from .config import WalletSettings


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.wallet", description="Run the wallet backend.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(WalletSettings.from_env())
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()

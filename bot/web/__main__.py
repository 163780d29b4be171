"""`python -m bot.web --port 8080`: the demo site with the chat widget."""
from __future__ import annotations

import argparse
import logging
from dataclasses import replace

import uvicorn

from bot.privacy import AccessLogFilter

from .app import create_app
from .config import WebSettings


def main(argv=None) -> None:
    try:
        settings = WebSettings.from_env()
    except ValueError as error:  # bot.config.SettingsError: names the variable and its value
        raise SystemExit(f"website not started: {error}") from None
    parser = argparse.ArgumentParser(prog="python -m bot.web", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=settings.port)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("uvicorn.access", "httpx"):  # /api/sms?phone=… and its call to the wallet
        logging.getLogger(name).addFilter(AccessLogFilter())
    app = create_app(replace(settings, port=args.port))
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()

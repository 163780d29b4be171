"""`python -m bot.report` (also `python -m bot report`): build the operators' report."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import List, Optional

from bot.config import Settings
from bot.settings import VAR

DEFAULT_OUT = VAR / "report"
SYNTHETIC_OUT = VAR / "report-synthetic"  # never over the operators' real report


def parse_bound(text: str, end: bool = False) -> float:
    """A date (YYYY-MM-DD, a Beijing day; as --until the whole day counts) or an ISO date-time
    (without a zone: Beijing time) as a UNIX timestamp."""
    from bot.report.facts import BEIJING

    value = text.strip()
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=BEIJING)
            return (day + timedelta(days=1) if end else day).timestamp()
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM (Beijing time) / "
            f"日期格式应为 2026-11-29 或 2026-11-29T08:00") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=BEIJING)).timestamp()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=parse_bound, metavar="DATE",
                        help="first day (YYYY-MM-DD, Beijing time) or date-time; default: everything")
    parser.add_argument("--until", type=lambda t: parse_bound(t, end=True), metavar="DATE",
                        help="last day, included (or a date-time, excluded); default: now")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"folder for index.html and report.json (default {DEFAULT_OUT}, "
                             f"which the website serves at /ops/report; {SYNTHETIC_OUT} with --synthetic)")
    parser.add_argument("--url", help="SQLAlchemy URL of the store (default: the tracker store "
                                      "that endpoints.yml or $RASA_ENDPOINTS names)")
    parser.add_argument("--endpoints", type=Path, help="endpoints file to take the store from")
    parser.add_argument("--table", default=None,
                        help="table with Rasa's event columns (default: the tracker store's events; "
                             "with the scale-out endpoints, analytics_events filled from RabbitMQ)")
    parser.add_argument("--export-nlu", type=Path, metavar="FILE",
                        help="also write the messages not understood as a YAML draft for data/nlu/")
    parser.add_argument("--no-progress", dest="progress", action="store_false",
                        help="no progress bar while reading")
    parser.add_argument("--synthetic", type=int, metavar="N",
                        help="timing run: fill a temporary SQLite store with about N synthetic "
                             "events, then build the report from it and print the seconds")


def main(args: argparse.Namespace) -> int:
    from bot.report.build import build_report, console_summary
    from bot.report.store import StoreError, missing_sqlite_file, store_url

    if args.since is not None and args.until is not None and args.since >= args.until:
        print("--since must be before --until / 开始日期必须早于结束日期", file=sys.stderr)
        return 2
    if args.out is None:
        args.out = SYNTHETIC_OUT if args.synthetic is not None else DEFAULT_OUT
    with tempfile.TemporaryDirectory(prefix="report-synthetic-") as scratch:
        try:
            if args.synthetic is not None:
                url = _synthetic_store(args.synthetic, Path(scratch))
            elif args.table is None and args.url is None and args.endpoints is None \
                    and Settings.from_env().scale_out:
                # Several Rasa servers: the analytics consumer's copy (bot/analytics.py).
                from bot.analytics import TABLE, default_url
                url, args.table = default_url(), TABLE
            else:
                url = store_url(args.url, args.endpoints)
                if missing_sqlite_file(url):
                    print(f"注意：没有找到对话记录 {missing_sqlite_file(url)}（还没有人聊过？），"
                          f"生成的是空报告", file=sys.stderr)
            built = build_report(url, args.out, args.since, args.until, table=args.table or "events",
                                 export_nlu=args.export_nlu, progress=args.progress)
        except (StoreError, SystemExit) as error:
            print(f"报告没有生成：{error}", file=sys.stderr)
            return 2
    print(console_summary(built))
    if Path(args.out).resolve() == DEFAULT_OUT.resolve():
        print(f"  网站上查看：http://127.0.0.1:{Settings.from_env().web_port}/ops/report（需要运营令牌 OPS_TOKEN；"
              "演示模式下运行 python -m bot.web.ops 查看）")
    return 0


def _synthetic_store(events: int, folder: Path) -> str:
    from bot.report.synthetic import fill_synthetic

    if events < 1:
        raise SystemExit("--synthetic needs a positive number of events")
    url = f"sqlite:///{folder / 'synthetic.db'}"
    started = time.monotonic()
    written = fill_synthetic(url, events)
    print(f"synthetic store: {written} events in {time.monotonic() - started:.1f} s", flush=True)
    return url


def run(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot report", description=__doc__)
    add_arguments(parser)
    return main(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(run())

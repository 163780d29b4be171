"""The operators' analytics report: what people think fails vs what really fails.

`python -m bot report [--since DATE] [--until DATE] [--out DIR]` (or `python -m bot.report`)
reads the stored conversations (the SQL tracker store, SQLite or PostgreSQL) and writes a
self-contained `DIR/index.html` (charts as inline SVG) and `DIR/report.json`; the website serves
the latest one at `/ops/report` behind `OPS_TOKEN` (bot/web/ops.py).

Modules: store (reading events), facts (one conversation), metrics (the figures), similarity
(messages not understood, NLU draft), charts (matplotlib), render (HTML), build (all of it),
synthetic (Rasa-format stores for tests and the timing run).
"""

"""Wallet backend: a FastAPI stand-in for the national medical-insurance platform.

Entry points: `bot.wallet.app.create_app`, `python -m bot.wallet`. See docs/wallet-api.md.
"""

"""Action-server settings: its view of the one settings layer (bot.config)."""
from __future__ import annotations

from bot.wallet_api import WalletApiSettings

# The actions' wallet client settings; kept under this name for the actions and their tests.
ActionSettings = WalletApiSettings

__all__ = ["ActionSettings"]

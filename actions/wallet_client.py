"""The actions' wallet client: the one client in bot.wallet_api (the actions may import bot/)."""
from bot.wallet_api import (  # noqa: F401
    SyncWalletClient,
    WalletAuthError,
    WalletClient,
    WalletError,
    WalletNotFound,
    WalletRefused,
    WalletUnavailable,
    money,
)

"""`python -m bot.rasa_server ARGS`: `rasa run ARGS` with the HTTP API behind RASA_API_TOKEN.

The token is read from the environment instead of the command line, where every local user
could read it with `ps`. The secrets are checked before TensorFlow loads, so a missing or
public one stops the start at once with its name.
"""
from __future__ import annotations

import sys

from bot.config import Settings, SettingsError
from bot.settings import SecretError


def main() -> None:
    try:
        # Its API token and what its channels use (bot.config.PROCESS_SECRETS["rasa"]).
        values = Settings.from_env().require("rasa")
    except (SecretError, SettingsError) as error:
        sys.exit(f"Rasa server not started: {error}")
    # `--auth-token=VALUE`: a generated token may start with "-", which argparse would take for
    # an option and refuse (one install in 64).
    sys.argv = ["rasa", "run", *sys.argv[1:], "--enable-api", f"--auth-token={values['RASA_API_TOKEN']}"]
    from rasa.__main__ import main as rasa_main

    from bot import rasa_speedups
    from bot.console import silence_known_warnings

    silence_known_warnings()  # after Rasa's imports installed their own filters
    rasa_speedups.install()
    rasa_main()


if __name__ == "__main__":
    main()

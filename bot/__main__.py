import sys

if sys.argv[1:2] == ["validate"]:
    # Rasa's project validator with every warning explained (bot/validate.py); see --help.
    from bot.validate import main as validate_main
    sys.exit(validate_main(sys.argv[2:]))

from bot.cli import main  # noqa: E402

main()

"""The website: a demo page with the chat widget (rasa-webchat) and a one-tag embed loader.

`python -m bot.web --port 8080`. Settings: `bot.web.config.WebSettings`. The widget bundle is
`node_modules/rasa-webchat/lib/index.js`, installed by `npm ci --prefix bot/web` (the Makefile's
setup step) from the committed package.json and package-lock.json.
"""

# The two commands of the README: `make run` and `make test`. Both set everything up on first use.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
REQ_HASH := $(shell sha256sum requirements.txt | cut -c1-12)
STAMP := $(VENV)/.installed-$(REQ_HASH)
# Website widget (rasa-webchat) from the committed lock file; reinstalled when the lock changes.
WEB := bot/web
WEB_STAMP := $(WEB)/node_modules/.installed-$(shell sha256sum $(WEB)/package-lock.json | cut -c1-12)
# Nothing leaves the machine: Rasa telemetry is off for every command run from here.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: run test setup train bench clean eval

$(STAMP): requirements.txt
	@PY310="$$(scripts/find_python310.sh)" || exit 1; \
	  if [ ! -x $(PY) ]; then echo "creating $(VENV) with $$PY310"; "$$PY310" -m venv $(VENV); fi
	$(PY) -m pip install -q --upgrade pip 2> >(grep -v 'is ignored' >&2)
	$(PY) -m pip install -q -r requirements.txt 2> >(grep -v 'is ignored' >&2)
	$(PY) -m pip check
	@rm -f $(VENV)/.installed-*; touch $@

$(WEB_STAMP): $(WEB)/package.json $(WEB)/package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 20) is needed for the website widget" >&2; exit 1; }
	npm ci --prefix $(WEB) --ignore-scripts --no-audit --no-fund
	@touch $@

setup: $(STAMP) $(WEB_STAMP) train

train: $(STAMP)
	$(PY) -m bot train

run: setup
	$(PY) -m bot run

test: setup
	$(PY) -m pytest tests

bench: setup
	$(PY) -m bot bench

# The trained NLU on the wild set beside a TF-IDF baseline; report in test-artifacts/nlu-eval/.
eval: setup
	$(PY) -m bot.nlu.evaluate

clean:
	rm -rf var results models/*.tar.gz models/spacy_zh

# The two commands of the README: `make run` and `make test`. Both set everything up on first use.
# The console shows numbered steps, 1-4 from here and 5-7 from `python -m bot` (bot/console.py);
# what each tool prints goes to var/logs/ (the step names its log) and is shown when it fails.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
LOGS := var/logs
REQ_HASH := $(shell sha256sum requirements.txt | cut -c1-12)
STAMP := $(VENV)/.installed-$(REQ_HASH)
# Website widget (rasa-webchat) from the committed lock file; reinstalled when the lock changes.
WEB := bot/web
WEB_STAMP := $(WEB)/node_modules/.installed-$(shell sha256sum $(WEB)/package-lock.json | cut -c1-12)
# Nothing leaves the machine: Rasa telemetry is off for every command run from here.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

step = printf '[%s/7] %s\n' $(1) $(2)
# $(call logged,LOG,COMMANDS): run COMMANDS with their output in var/logs/LOG; on failure show its end.
logged = mkdir -p $(LOGS); if ! ( $(2) ) >$(LOGS)/$(1) 2>&1; then tail -n 25 $(LOGS)/$(1) >&2; \
  echo "      failed; the whole log: $(LOGS)/$(1)" >&2; exit 1; fi
# `make run` checks the ports it will use; the tests and the benchmark take free ones.
DOCTOR_FLAGS := --no-ports
run: DOCTOR_FLAGS :=

.PHONY: run test setup prepare doctor venv packages widget train bench bench-scale clean eval lint

# 1: the machine (python -m bot doctor --quick, with the system's Python 3.10: no venv needed yet).
# Only a blocking problem (held port, no Python 3.10, full disk, public secret…) stops here.
doctor:
	@PY310="$$(scripts/find_python310.sh)" || exit 1; "$$PY310" -m bot doctor --quick $(DOCTOR_FLAGS)

venv:
	@if [ -x $(PY) ]; then $(call step,2,"virtual env $(VENV): ok"); \
	else PY310="$$(scripts/find_python310.sh)" || exit 1; \
	  $(call step,2,"virtual env: creating $(VENV) with $$PY310"); "$$PY310" -m venv $(VENV); fi

packages: venv
	@if [ -f $(STAMP) ]; then $(call step,3,"Python packages (requirements.txt): up to date"); \
	else $(call step,3,"Python packages: installing requirements.txt into $(VENV) (about 3 min \
	the first time; log: $(LOGS)/pip.log)"); SECONDS=0; \
	  $(call logged,pip.log,$(PY) -m pip install --upgrade pip && \
	    $(PY) -m pip install -r requirements.txt && $(PY) -m pip check); \
	  rm -f $(VENV)/.installed-*; touch $(STAMP); echo "      installed in $${SECONDS}s"; fi

widget:
	@if [ -f $(WEB_STAMP) ]; then $(call step,4,"website widget ($(WEB)/node_modules): up to date"); \
	else command -v npm >/dev/null || { echo "npm (Node.js 20) is needed for the website widget: \
	apt-get install -y nodejs npm" >&2; exit 1; }; \
	  $(call step,4,"website widget: npm ci from $(WEB)/package-lock.json (log: $(LOGS)/npm.log)"); \
	  SECONDS=0; $(call logged,npm.log,npm ci --prefix $(WEB) --ignore-scripts --no-audit --no-fund); \
	  touch $(WEB_STAMP); echo "      installed in $${SECONDS}s"; fi

# 5-6: the entity pipeline and the model, each only when its inputs changed (bot/training.py).
train: packages
	@$(PY) -m bot train

prepare: doctor venv packages widget
setup: prepare train

# `bot run` does steps 5-6 itself, then 7: every process, the seconds each took, the URLs.
run: prepare
	@$(PY) -m bot run

test: setup
	@$(call step,7,"tests: pytest tests (artifacts in test-artifacts/)")
	@$(PY) -m pytest tests

# ruff with pyproject.toml's rules; a development tool, so it stays out of requirements.txt
# (whose changes retrain the model, bot/training.py) and is installed here on first use.
RUFF := 0.17.6
lint: packages
	@$(PY) -m ruff --version 2>/dev/null | grep -qx "ruff $(RUFF)" || $(PY) -m pip install -q ruff==$(RUFF) 2> >(grep -v 'is ignored' >&2)
	$(PY) -m ruff check .

bench: setup
	$(PY) -m bot bench

# One vs two Rasa servers behind nginx (PostgreSQL, Redis, RabbitMQ on loopback; see README).
bench-scale: setup
	$(PY) -m bot.bench.scale

# The trained NLU on the wild set beside a TF-IDF baseline; report in test-artifacts/nlu-eval/.
eval: setup
	$(PY) -m bot.nlu.evaluate

clean:
	rm -rf var results models/*.tar.gz models/*.fingerprint.json models/spacy_zh

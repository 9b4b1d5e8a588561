# Candor: `make run` and `make test` are all a newcomer needs.
# Two virtualenvs: .venv (Python 3.11, all our code) and .venv-rasa (Python 3.10, rasa==3.6.21 only).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
RASA_VENV := .venv-rasa
BOT := $(VENV)/bin/bot
RASA := $(RASA_VENV)/bin/rasa
MODEL := models/candor.tar.gz

# Use a working interpreter on PATH, else a pyenv-installed one (pyenv shims fail for versions
# that are installed but not selected).
find_python = $(shell for p in python$(1) $$HOME/.pyenv/versions/$(1)*/bin/python$(1) \
	/usr/local/bin/python$(1) /usr/bin/python$(1); do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys' >/dev/null 2>&1 && { echo $$p; break; }; done)
PYTHON311 ?= $(call find_python,3.11)
PYTHON310 ?= $(call find_python,3.10)

# Models load from disk only: no machine here reaches a model hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1

RASA_DATA := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)

.PHONY: help install db index train run seed secret test test-rasa test-py bench lint browser clean \
	rasa-validate rasa-test-core rasa-test-nlu

help:
	@echo "make run    install what is missing, migrate, build the index, train if stale, start all"
	@echo "make test   the same set-up, then the whole suite"
	@echo "make bench  benchmarks -> bench/RESULTS.md"
	@echo "make lint   ruff"

install: $(VENV)/.installed $(RASA_VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON311)" || { echo "Python 3.11 not found: install it (e.g. 'pyenv install 3.11') and retry."; exit 1; }
	test -d $(VENV) || $(PYTHON311) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	# torch first, pinned: the CPU build on this machine's disk (anything else pulls CUDA).
	$(VENV)/bin/pip install -q torch==2.13.0
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

$(RASA_VENV)/.installed:
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found. Rasa 3.6.21 supports Python 3.8-3.10 only:"; \
	  echo "install it with 'pyenv install 3.10' (or your OS package manager) and retry, or set PYTHON310=/path/to/python3.10."; exit 1; }
	test -d $(RASA_VENV) || $(PYTHON310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install -q --upgrade 'pip<25' wheel 'setuptools<71'
	$(RASA_VENV)/bin/pip install -q rasa==3.6.21
	touch $@

db: $(VENV)/.installed
	$(BOT) db upgrade

index: $(VENV)/.installed
	$(BOT) kb build

train: $(MODEL)

$(MODEL): $(RASA_VENV)/.installed $(RASA_DATA)
	$(RASA) train --fixed-model-name candor --out models --num-threads 2
	touch $@

# make run is a demo: sample reps with a public password (changed at first login) and a
# session secret generated once into var/. Production sets CANDOR_SESSION_SECRET instead.
run seed: export CANDOR_DEMO_MODE := true

run: install db index train seed secret
	@echo
	@echo "  Chat page:    http://127.0.0.1:8000/"
	@echo "  Rep console:  http://127.0.0.1:8000/console   (demo mode: sample reps in reps.yml)"
	@echo "  Rasa server:  http://127.0.0.1:5005   Action server: http://127.0.0.1:5055"
	@echo "  Ctrl-C stops all three."
	@echo
	$(VENV)/bin/honcho start

seed: db
	$(BOT) reps import reps.yml

secret: $(VENV)/.installed
	$(BOT) secret ensure

browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

test: install train browser test-rasa test-py

# The three Rasa checks are independent: they run side by side (each Rasa test spends a minute
# or more loading the model on one core), each one's output printed whole when it ends.
test-rasa: $(RASA_VENV)/.installed $(VENV)/.installed
	@$(MAKE) --no-print-directory -j3 --output-sync=target rasa-validate rasa-test-core rasa-test-nlu

rasa-validate:
	$(RASA) data validate --fail-on-warnings

rasa-test-core:
	@if [ -f tests/test_stories.yml ]; then \
	  $(RASA) test core --model $(MODEL) --stories tests/test_stories.yml --fail-on-prediction-errors --out var/rasa-test-results; fi

# Intent accuracy on unseen text: the shipped model (not retrained) on the held-out set.
rasa-test-nlu:
	$(RASA) test nlu --model $(MODEL) --nlu bench/data/nlu_holdout.yml --out var/rasa-nlu-holdout
	$(VENV)/bin/python -m bench.nlu_floor var/rasa-nlu-holdout/intent_report.json

test-py: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/python -m pytest -q --durations=25

bench: install train
	$(VENV)/bin/python bench/run.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf var models results

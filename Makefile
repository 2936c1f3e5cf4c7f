# gutbrain — everything a newcomer needs is `make demo` and `make test`.
# The Makefile bootstraps its own tools: uv goes into a private .tools/ venv, and the
# locked environment (.venv) is built from uv.lock.  Nothing is installed system-wide.

PY ?= python3
# Bytecode is compiled at install time (site-packages and our own src/), so no command pays
# for compiling hundreds of modules when PYTHONDONTWRITEBYTECODE is set.
UV := .tools/bin/uv
RUN := $(UV) run --locked
PYTEST_ARGS ?=

.PHONY: demo test lint typecheck check bench serve clean snapshots

$(UV):
	$(PY) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: pyproject.toml uv.lock Makefile | $(UV)
	$(UV) sync --locked --compile-bytecode
	.venv/bin/python -m compileall -q -j 0 src
	@touch $@

demo: .venv/.synced  ## build a fresh demo diary in a temp folder and serve it on 127.0.0.1
	$(RUN) gutbrain demo

test: .venv/.synced  ## run the whole suite
	$(RUN) pytest $(PYTEST_ARGS)

snapshots: .venv/.synced  ## regenerate golden files after a deliberate change
	$(RUN) pytest --snapshot-update $(PYTEST_ARGS)

lint: .venv/.synced
	$(RUN) ruff check src tests benchmarks
	$(RUN) ruff format --check src tests benchmarks

typecheck: .venv/.synced
	$(RUN) mypy

check: lint typecheck test

bench: .venv/.synced  ## run every benchmark script and print the figures
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(RUN) python $$b || exit 1; done

clean:
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache

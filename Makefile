# Two commands for a fresh machine: `make demo` and `make test`.
# Each installs only what it needs, once: a stamp file in .venv records each install.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
VENV_STAMP = $(VENV)/.venv-created
DEMO_STAMP = $(VENV)/.installed-demo
TEST_STAMP = $(VENV)/.installed-test
BENCH_STAMP = $(VENV)/.installed-bench

.PHONY: demo test bench install clean

$(VENV_STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	touch $(VENV_STAMP)

# the demo: storycheck and its runtime dependencies only
$(DEMO_STAMP): pyproject.toml $(VENV_STAMP)
	$(BIN)/python -m pip install -q -e .
	touch $(DEMO_STAMP)

# the tests: also pytest and playwright (its browser is Debian's chromium, below),
# the Spark extra (tests/test_spark.py; Java comes from the system) and the
# PostgreSQL extra (the server: $$STORYCHECK_TEST_POSTGRES, or Debian's postgresql)
$(TEST_STAMP): pyproject.toml $(VENV_STAMP)
	$(BIN)/python -m pip install -q -e ".[test,spark,postgres]"
	touch $(TEST_STAMP)

$(BENCH_STAMP): pyproject.toml $(VENV_STAMP)
	$(BIN)/python -m pip install -q -e ".[test,bench,spark,postgres]"
	touch $(BENCH_STAMP)

install: $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/storycheck demo

# The browser tests (tests/test_web_browser.py) drive Chromium at $(CHROMIUM); without
# it they are skipped, and this says so before the run.
test: $(TEST_STAMP)
	@test -x $(CHROMIUM) || echo "note: $(CHROMIUM) not found: the browser tests" \
		"(tests/test_web_browser.py) will be skipped; install it with" \
		"'sudo apt-get install chromium' to run them"
	$(BIN)/python -m pytest -q -rs

bench: $(BENCH_STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) storycheck-demo

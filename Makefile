# The two commands a new user needs, on a fresh Debian 12 machine:
#   make demo   install what is missing, build, and show the tools on a demo database
#   make test   install what is missing, build, and run every test
# The real build is CMake (see CMakePresets.json); this file only strings the steps together.

# Debian packages the build and the tests need.
DEBIAN_PACKAGES := g++ cmake make pkg-config git libsqlite3-dev libfmt-dev libcli11-dev \
	libtomlplusplus-dev libsimdjson-dev libutf8proc-dev catch2 python3 groff man-db \
	bash-completion zsh fish tzdata jq clang-format unicode-data

MAKEFLAGS += --no-print-directory

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_HOME := $(CURDIR)/build/demo-home

.PHONY: all deps build release test test-asan demo install clean format

all: build

# Installs only what is missing, so a second run costs nothing.
deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake --preset dev
	cmake --build --preset dev

test: build
	ctest --preset dev

# The optimised build the README's install uses: GCC warns differently at -O2.
release: deps
	cmake --preset release
	cmake --build --preset release

test-asan: deps
	cmake --preset asan
	cmake --build --preset asan
	ctest --preset asan

# A demo database under build/: never the user's real one.
demo: build
	@rm -rf $(DEMO_HOME) && mkdir -p $(DEMO_HOME)
	@export HOME=$(DEMO_HOME) XDG_DATA_HOME=$(DEMO_HOME)/data XDG_CONFIG_HOME=$(DEMO_HOME)/config \
	    REKINDLE_DB=$(DEMO_HOME)/demo.db; \
	  bin=build/dev/bin; set -e; \
	  $$bin/rekindle-checklist import share/rekindle/demo/checklist.jsonl; \
	  echo; echo '$$ rekindle checklist'; $$bin/rekindle checklist --format table; \
	  echo; echo '$$ rekindle checklist show reflection'; $$bin/rekindle checklist show reflection --format table; \
	  echo; echo '$$ rekindle checklist check growth physical --note "a long walk by the river"'; \
	  $$bin/rekindle checklist check growth physical --note "a long walk by the river"; \
	  echo; echo '$$ rekindle checklist progress'; $$bin/rekindle checklist progress --format table; \
	  $$bin/rekindle-reflect import -q share/rekindle/demo/reflect.jsonl; \
	  echo; echo '$$ rekindle reflect list'; $$bin/rekindle reflect list --format table; \
	  echo; echo '$$ rekindle reflect answers my-part.patience'; $$bin/rekindle reflect answers my-part.patience --format table; \
	  echo; echo "$$ rekindle reflect search 'patien*'"; $$bin/rekindle reflect search 'patien*' --format table; \
	  export REKINDLE_NOW=2026-11-27T20:00:00Z TZ=UTC; \
	  echo; echo "(selfcare and signals below are shown as of $$REKINDLE_NOW, the last day of their demo data)"; \
	  $$bin/rekindle-selfcare import -q share/rekindle/demo/selfcare.jsonl; \
	  $$bin/rekindle-signals import -q share/rekindle/demo/signals.jsonl; \
	  echo; echo '$$ rekindle selfcare report --month'; $$bin/rekindle selfcare report --month --format table; \
	  echo; echo '$$ rekindle selfcare streak walking'; $$bin/rekindle selfcare streak walking --format table; \
	  echo; echo '$$ rekindle signals'; $$bin/rekindle signals --format table; \
	  echo; echo '$$ rekindle signals trend --weeks 4'; $$bin/rekindle signals trend --weeks 4 --format table; \
	  echo; echo "(demo database: $(DEMO_HOME)/demo.db)"

install: build
	cmake --install build/dev

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build

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

# A demo database under build/: never the user's real one. The clock is fixed to the
# evening of the demo data's last day, so the figures are the same on any day.
demo: build
	@rm -rf -- '$(DEMO_HOME)' && mkdir -p -- '$(DEMO_HOME)'
	@export HOME='$(DEMO_HOME)' XDG_DATA_HOME='$(DEMO_HOME)/data' \
	    XDG_CONFIG_HOME='$(DEMO_HOME)/config' REKINDLE_DB='$(DEMO_HOME)/demo.db' \
	    REKINDLE_NOW=2026-11-29T20:00:00Z TZ=UTC; \
	  export REKINDLE_CONFIG='$(CURDIR)/share/rekindle/demo/config.toml'; unset REKINDLE_SHARE_DIR; \
	  PATH='$(CURDIR)/build/dev/bin':"$$PATH"; set -e; \
	  echo '$$ rekindle import share/rekindle/demo/demo.jsonl'; \
	  rekindle import share/rekindle/demo/demo.jsonl; \
	  echo; echo "(shown as of $$REKINDLE_NOW, the evening of the demo's last day)"; \
	  echo; echo '$$ rekindle status'; rekindle status --format table; \
	  echo; echo '$$ rekindle review --week'; rekindle review --week; \
	  echo; echo '$$ rekindle selfcare list --since 2026-11-01 | cut -f4 | tail -n +2 | grep . | sort | uniq -c | sort -rn | head -3'; \
	  rekindle selfcare list --since 2026-11-01 | cut -f4 | tail -n +2 | grep . | sort | uniq -c | sort -rn | head -3; \
	  echo; echo "(demo database: $$REKINDLE_DB; try 'rekindle --help' with REKINDLE_DB set to it)"

install: build
	cmake --install build/dev

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build

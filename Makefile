# The two commands of the README's quick start:
#   make run    installs what is missing, builds in release mode, opens the explorer
#   make test   installs what the tests need, runs the whole test suite
# For packagers: make install [PREFIX=/usr/local] [DESTDIR=staging] installs the binary, its
# bundled models, themes, man page and shell completions (scripts/install.sh lists where).
SWIFT ?= swift
ARGS ?=
PREFIX ?= /usr/local
DESTDIR ?=
BINARY ?= .build/release/gendeg

.PHONY: run build test bench models fuzz clean install install-built uninstall

run: build
	./.build/release/gendeg explore $(ARGS)

build:
	@scripts/install-deps.sh
	$(SWIFT) build -c release --product gendeg

test:
	@scripts/install-deps.sh --test
	$(SWIFT) build -c release --product gendeg
	GENDEG_BINARY=$(CURDIR)/.build/release/gendeg GENDEG_REQUIRE_PHOTOS=1 $(SWIFT) test --disable-swift-testing
	@if [ -x training/.venv/bin/python ]; then training/.venv/bin/python -m unittest training/eval/test_bundled_models.py; \
	else echo "training/eval/test_bundled_models.py skipped: no training/.venv (how to make it: docs/models.md, Retraining)"; fi

models: build
	training/train/train_all.sh

bench: build
	./.build/release/gendeg bench

# The five fuzz targets, built like release plus AddressSanitizer, FUZZ_RUNS executions each
# (default 1,000,000); see Fuzz/README.md.
fuzz:
	@scripts/install-deps.sh
	Fuzz/run-all.sh

install: build install-built

# Installs BINARY as built, without building (make install-built BINARY=.build/debug/gendeg).
install-built:
	scripts/install.sh "$(BINARY)" "$(PREFIX)" "$(DESTDIR)"

uninstall:
	rm -rf "$(DESTDIR)$(PREFIX)/lib/gendeg" "$(DESTDIR)$(PREFIX)/share/gendeg"
	rm -f "$(DESTDIR)$(PREFIX)/bin/gendeg" "$(DESTDIR)$(PREFIX)/share/man/man1/gendeg.1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions/gendeg" \
		"$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_gendeg" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/gendeg.fish"

clean:
	rm -rf .build

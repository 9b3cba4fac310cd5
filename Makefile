# The two commands of the README's quick start:
#   make run    installs what is missing, builds in release mode, opens the explorer
#   make test   installs what the tests need, runs the whole test suite
SWIFT ?= swift
ARGS ?=

.PHONY: run build test bench models fuzz clean

run: build
	./.build/release/gendeg explore $(ARGS)

build:
	@scripts/install-deps.sh
	$(SWIFT) build -c release --product gendeg

test:
	@scripts/install-deps.sh --test
	$(SWIFT) build -c release --product gendeg
	GENDEG_BINARY=$(CURDIR)/.build/release/gendeg $(SWIFT) test --disable-swift-testing

models: build
	training/train_all.sh

bench: build
	./.build/release/gendeg bench

clean:
	rm -rf .build

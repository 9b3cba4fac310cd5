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
	GENDEG_BINARY=$(CURDIR)/.build/release/gendeg GENDEG_REQUIRE_PHOTOS=1 $(SWIFT) test --disable-swift-testing

models: build
	training/train_all.sh

bench: build
	./.build/release/gendeg bench

# The five fuzz targets, built like release plus AddressSanitizer, FUZZ_RUNS executions each
# (default 1,000,000); see Fuzz/README.md.
fuzz:
	@scripts/install-deps.sh
	Fuzz/run-all.sh

clean:
	rm -rf .build

# textclf — the commands a user and CI run. Every target installs what it needs first.
SHELL := /bin/bash
SWIFT ?= swift
SAMPLE ?= Kyiv will not cede Donetsk without a referendum, the president said.
# Our own release builds target AVX2 (any x86-64 CPU since 2013): the sparse kernels' SIMD4<Double>
# blocks become single 256-bit instructions. Package.swift cannot say this (SwiftPM refuses unsafe
# flags in a versioned dependency), so it lives here; `make release CPU_FLAGS=` builds the baseline.
ifeq ($(shell uname -m),x86_64)
CPU_FLAGS ?= -Xswiftc -target-cpu -Xswiftc haswell
endif

.PHONY: all deps build release bench-tools demo test check-warnings check-consumer check-report docs models data fixtures bench bench-quick bench-serve bench-analyzers bench-coldload bench-stream kill-test fuzz spark-demo clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release $(CPU_FLAGS)

# The benchmark programs (textclf-latency, textclf-kernels): a nested package, not our products.
bench-tools: deps
	$(SWIFT) build -c release $(CPU_FLAGS) --package-path Benchmarks

# The main job: classify a paragraph with the shipped model (no training step).
demo: release
	.build/release/textclf classify "$(SAMPLE)"

# The whole test suite: unit, scikit-learn parity, corpus checks, shipped-model figures, end to end.
# The build fails on any warning from our own sources (dependencies' warnings are theirs).
test: deps
	@mkdir -p .build
	set -o pipefail; $(SWIFT) build --build-tests 2>&1 | tee .build/build-tests.log
	@scripts/check-warnings.sh .build/build-tests.log
	python3 scripts/folder_dependencies.py
	$(SWIFT) test --skip-build --disable-swift-testing

# CI's extra checks: a package that depends on a tagged clone of this one by version, and DocC.
check-consumer: deps
	scripts/check-consumer.sh

# Not part of `make test`: renders `evaluate --report` in headless Chromium (installed when
# missing) at two widths and checks the screenshots are not blank and the console stays silent.
check-report: release
	scripts/check-report.sh

docs: deps
	$(SWIFT) package generate-documentation --target TextClassification --warnings-as-errors

# Rebuild the shipped models from data/ (byte for byte: training is deterministic).
models: release
	scripts/train-models.sh

# Rebuild the splits from data/seed.jsonl, data/written/ and data/reported/ (checks them first).
data:
	python3 scripts/check_reported.py
	python3 scripts/split_data.py
	python3 scripts/annotation_agreement.py

# Regenerate the scikit-learn parity fixture (installs scikit-learn into scripts/.venv).
fixtures:
	python3 scripts/make_parity_fixtures.py

# Benchmarks against scikit-learn and fastText; writes Benchmarks/RESULTS.md.
bench: release bench-tools
	python3 Benchmarks/run.py --no-build

bench-quick: release bench-tools
	python3 Benchmarks/run.py --quick --no-build

# wrk against `textclf serve` and the same pipeline in scikit-learn behind FastAPI + uvicorn
# (installs wrk and Benchmarks/.venv-serve when missing); writes Benchmarks/RESULTS.md and README.md.
bench-serve: release
	python3 Benchmarks/Serve/bench_serve.py

# char, char_wb, unions and hashing against the same scikit-learn pipelines on BBC News;
# writes Benchmarks/ANALYZERS.md.
bench-analyzers: release
	python3 Benchmarks/analyzers.py

# Cold `classify` of one paragraph with a 90 MB model against the small shipped one; Float32 trade.
bench-coldload: release
	python3 Benchmarks/coldload.py

# train --stream on a large file built from 20 Newsgroups (SIZE, default 10G) against in-memory
# training on the original train split: peak memory, MB/s, test accuracy (docs/scale.md; not in CI).
bench-stream: release
	SIZE="$(SIZE)" ALGORITHM="$(ALGORITHM)" HASH_BITS="$(HASH_BITS)" PASSES="$(PASSES)" DIR="$(DIR)" KEEP="$(KEEP)" scripts/bench-stream.sh

# 30 trainings killed with kill -9 at random moments, then one that completes: the folder must
# hold exactly the valid model file (scripts/kill-train.sh; about a minute, not in CI).
kill-test: release
	scripts/kill-train.sh

# libFuzzer + AddressSanitizer on the dataset readers, the model loader (checksum repaired first)
# and the tokenizer: each harness of the nested package Fuzz/ for FUZZ_SECONDS (not in CI).
FUZZ_SECONDS ?= 60
fuzz: deps
	for harness in FuzzDatasetReader FuzzModelLoader FuzzTokenizer; do \
	  $(SWIFT) build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address --product $$harness || exit 1; \
	done
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

# Spark MLlib trains NaiveBayes and LogisticRegression on BBC News (local[2]); textclf imports both
# and classifies the test split as Spark's transform does; prints agreement and the largest
# probability difference. Installs Java and pyspark (scripts/spark/.venv) when missing; not in CI.
spark-demo: release
	python3 scripts/spark/demo.py --textclf .build/release/textclf

clean:
	rm -rf .build Benchmarks/.build Fuzz/.build

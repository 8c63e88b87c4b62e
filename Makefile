# textclf — the commands a user and CI run. Every target installs what it needs first.
SWIFT ?= swift
SAMPLE ?= Kyiv will not cede Donetsk without a referendum, the president said.

.PHONY: all deps build release demo test models data fixtures bench bench-quick bench-serve bench-analyzers bench-coldload clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The main job: classify a paragraph with the shipped model (no training step).
demo: release
	.build/release/textclf classify "$(SAMPLE)"

# The whole test suite: unit, scikit-learn parity, corpus checks, shipped-model figures, end to end.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

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
bench: release
	python3 Benchmarks/run.py

bench-quick: release
	python3 Benchmarks/run.py --quick

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

clean:
	rm -rf .build

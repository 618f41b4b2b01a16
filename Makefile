# DistLab — `make demo` runs the worked example, `make test` runs every test.
# Both first install what is missing (Graphviz's C library and pkg-config, via apt-get) and then call swift.

SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libgraphviz-dev graphviz pkg-config

.PHONY: demo test bench deps

demo: deps
	$(SWIFT) run distlab simulate register --seed 1 --out Traces/demo
	$(SWIFT) run distlab check Traces/demo/history.jsonl --model register
	$(SWIFT) run distlab render Traces/demo/history.jsonl --model register --trace Traces/demo/trace.jsonl -o Traces/demo/history.history.svg
	$(SWIFT) run distlab render Traces/demo/trace.jsonl --kind messages --window 150 -o Traces/demo/messages.svg
	@echo "Open Traces/demo/trace.jsonl (every message, timer, fault), Traces/demo/history.jsonl (client operations)"
	@echo "and the pictures Traces/demo/history.history.svg and Traces/demo/messages.svg."

test: deps
	$(SWIFT) test

bench: deps
	$(SWIFT) run -c release distlab bench simulation
	$(SWIFT) run -c release distlab bench checker
	$(SWIFT) run -c release distlab bench diagrams
	$(SWIFT) run -c release distlab bench search

# System dependencies: installed only when pkg-config cannot find libgvc. `dot -c` registers
# Graphviz's plugins; without it layout fails with "Layout type not recognized".
deps:
	@if ! pkg-config --exists libgvc 2>/dev/null; then \
		echo "make: installing $(APT_PACKAGES) (Graphviz for diagrams)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES) >/dev/null && \
		$(SUDO) dot -c; \
	fi
	@test -x "$(SWIFT)" || { echo "make: swift not found; install Swift 6.3 (https://swift.org/install) and put it on PATH"; exit 1; }

# DistLab — `make demo` runs the flagship example (Lab 07's key-value store on Raft), `make test` runs every test.
# Both first install what is missing (Graphviz's C library and pkg-config, via apt-get) and then call swift.

SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libgraphviz-dev graphviz pkg-config

.PHONY: demo demo-register test bench deps

# The flagship demo: Lab 07's key-value store on Raft (5 servers, 3 clients). The leader is cut off
# with client c1 for a second, the others elect a new leader, the partition heals, a follower crashes
# and restarts. The history is checked (linearizable) and drawn. Then the same run with the broken
# store, whose leader answers reads from its own state: the checker rejects it and the picture
# shows the read that cannot be placed.
DEMO := Traces/demo
DISTLAB = $(shell $(SWIFT) build --show-bin-path)/distlab

demo: deps
	$(SWIFT) build --product distlab
	@echo "== 1. Raft key-value store, seed 1: leader isolated, then a crash-restart"
	$(DISTLAB) simulate raft-kv --seed 1 --out $(DEMO)/raft-kv --diagram --window 200
	$(DISTLAB) check $(DEMO)/raft-kv/history.jsonl --model kv
	$(DISTLAB) render $(DEMO)/raft-kv/history.jsonl --model kv --trace $(DEMO)/raft-kv/trace.jsonl --window 40 -o $(DEMO)/raft-kv/history.svg
	@echo "== 2. The broken store (reads served by a leader that may have been deposed), same seed and faults"
	$(DISTLAB) simulate raft-kv-stale --seed 1 --out $(DEMO)/raft-kv-stale --diagram --window 200
	@$(DISTLAB) check $(DEMO)/raft-kv-stale/history.jsonl --model kv; status=$$?; \
	  if [ $$status -eq 1 ]; then echo "make: as expected, the checker rejects the broken store"; \
	  else echo "make: expected the broken store to fail the check (exit 1), got exit $$status"; exit 1; fi
	$(DISTLAB) render $(DEMO)/raft-kv-stale/history.jsonl --model kv --trace $(DEMO)/raft-kv-stale/trace.jsonl --window 40 -o $(DEMO)/raft-kv-stale/history.svg
	@echo
	@echo "Pictures: $(DEMO)/raft-kv/messages.svg (the partition and the new election), $(DEMO)/raft-kv/history.svg"
	@echo "(a linearizable history), $(DEMO)/raft-kv-stale/history.svg (the stale read, in red)."
	@echo "Data: trace.jsonl (every message, timer and fault) and history.jsonl (client operations) in each folder."

# The first worked example: an ABD quorum register under faults.
demo-register: deps
	$(SWIFT) run distlab simulate register --seed 1 --out Traces/demo
	$(SWIFT) run distlab check Traces/demo/history.jsonl --model register
	$(SWIFT) run distlab render Traces/demo/history.jsonl --model register --trace Traces/demo/trace.jsonl -o Traces/demo/history.history.svg
	$(SWIFT) run distlab render Traces/demo/trace.jsonl --kind messages --window 150 -o Traces/demo/messages.svg

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

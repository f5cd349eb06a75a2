# Shortcuts for the scripts in scripts/ (each sets up .venv first when needed).
.PHONY: start test bench

start:
	bash scripts/start.sh

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

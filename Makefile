# The front door. `make extract` and `make test` create .venv and install when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
IN ?= seeds
OUT ?= outputs
# Corpus columns by role when their names are not the common ones: COLUMNS=text=body,title=headline
COLUMNS ?=

SPLIT ?= dev

.PHONY: install extract quotes test eval report export bench lint model clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,eval,cluster]"
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the project with its dev tools

extract: $(STAMP)  ## analyse $(IN) and write tables to $(OUT) (COLUMNS=text=body,... for a corpus)
	$(BIN)/python -m pipeline extract $(IN) --out $(OUT) $(if $(COLUMNS),--columns "$(COLUMNS)")

quotes: $(STAMP)  ## re-run quote attribution alone over the run in $(OUT) (parse cache + entities), no model
	$(BIN)/python -m pipeline extract --out $(OUT) --stage quotes

test: $(STAMP)  ## run the test suite
	$(BIN)/python -m pytest

eval: $(STAMP)  ## score quote attribution on PolNeAR $(SPLIT) (dev, train or both), textacy side by side
	$(BIN)/python -m pipeline eval --split $(SPLIT) --errors $(OUT)/eval-errors.txt

report: $(STAMP)  ## write $(OUT)/report.html from the tables in $(OUT)
	$(BIN)/python -m pipeline report $(OUT)

TABLE ?= quotes
FORMAT ?= csv
export: $(STAMP)  ## write $(TABLE) (quotes, entities, people) with its articles' metadata as $(FORMAT) (csv, xlsx, parquet) to $(OUT)/export/
	$(BIN)/python -m pipeline export $(OUT) --table $(TABLE) --format $(FORMAT)

CORPUS ?= full
bench: $(STAMP)  ## throughput and memory against bare spaCy (CORPUS=lee|full), table into README.md
	$(BIN)/python benchmarks/bench.py --corpus $(CORPUS) --write-readme

model: $(STAMP)  ## assemble models/config.cfg into models/news_pipeline (load it with spacy.load)
	$(BIN)/python -m spacy assemble models/config.cfg models/news_pipeline

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests

TABLES := documents tokens sentences entities quotes people errors
clean:  ## remove what extract, eval, report and export wrote to $(OUT) (your own files there stay; keeps .venv)
	rm -rf $(addprefix $(OUT)/,$(TABLES) $(addsuffix .parquet,$(TABLES)) manifest.json cache report report.html export eval-errors.txt .tmp-*)

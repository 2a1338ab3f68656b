# The two front-door commands: `make run` (set up, index the bundled report, start the
# app) and `make test` (set up, run the tests). Everything installs into .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INDEX ?= index/default
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: setup run index test lint eval eval-test multidoc pdfdev confidence bench load browser ocr clean

# torch goes first and pinned: the CPU build on disk. Letting sentence-transformers pull
# torch would fetch a multi-GB CUDA build.
$(BIN)/.installed: pyproject.toml requirements-parse.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-parse.txt
	touch $@

setup: $(BIN)/.installed

index: setup
	$(BIN)/qa build data/ --index $(INDEX)

run: index
	$(BIN)/python app.py --index $(INDEX)

# Debian's Chromium for the browser tests (they skip, saying so, where it cannot be had)
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "make: could not install chromium; the browser tests will be skipped"

# Debian's Tesseract for `qa build --ocr` and its tests (they skip, saying so, where it cannot be had)
ocr:
	@command -v tesseract >/dev/null || (apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null) \
	  || echo "make: could not install tesseract-ocr; the OCR tests will be skipped"

test: setup browser ocr
	$(BIN)/ruff check qa app.py tests eval bench
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check qa app.py tests eval bench

eval: index
	$(BIN)/qa eval --index $(INDEX)

# The pre-registered evaluation (docs/evaluation.md): the test halves of the new gold sets,
# the report alone and among the factbook-dev profiles, and the SQuAD-format set on general text.
FACTBOOK ?= eval/corpora/factbook-dev
MULTIDOC ?= index/multidoc
multidoc: setup
	$(BIN)/qa build data/ $(FACTBOOK) --index $(MULTIDOC)

# The real PDFs the PDF gold sets ask about (eval/corpora/pdf-dev, sources in its README).
# The PDFs only: the folder's README lists every file's title, publisher and year in one
# table, a distractor that answered questions about the PDFs' front matter from our notes.
PDFDEV ?= index/pdf-dev
pdfdev: setup
	$(BIN)/qa build $(sort $(wildcard eval/corpora/pdf-dev/*.pdf)) --index $(PDFDEV)

# Each run of a gold set's test half, in order: gold file (under eval/), the index it is
# asked of, and its results folder (eval/results/NAME-test). A new set is one more entry;
# `make confidence` fits on the dev halves of the same sets (each once: not the runs among
# the profiles, which ask the report's questions a second time).
RUNS := \
  gold-report:INDEX:report gold-report:MULTIDOC:report-multidoc gold-factbook:MULTIDOC:factbook gold-factbook-2:MULTIDOC:factbook2 \
  gold-pdf:PDFDEV:pdf gold-pdf-2:PDFDEV:pdf2 gold-pdf-3:PDFDEV:pdf3 gold-report-2:INDEX:report2 \
  gold-report-2:MULTIDOC:report2-multidoc gold-factbook-3:MULTIDOC:factbook3 gold-pdf-4:PDFDEV:pdf4 gold-report-3:INDEX:report3 \
  gold-report-3:MULTIDOC:report3-multidoc gold-pdf-5:PDFDEV:pdf5 gold-report-4:INDEX:report4 gold-report-4:MULTIDOC:report4-multidoc \
  gold-factbook-4:MULTIDOC:factbook4 gold-pdf-6:PDFDEV:pdf6 gold-report-5:INDEX:report5 gold-report-5:MULTIDOC:report5-multidoc \
  gold-factbook-5:MULTIDOC:factbook5 gold-pdf-7:PDFDEV:pdf7 gold-report-6:INDEX:report6 gold-report-6:MULTIDOC:report6-multidoc \
  gold-factbook-6:MULTIDOC:factbook6 gold-pdf-8:PDFDEV:pdf8 gold-report-7:INDEX:report7 gold-report-7:MULTIDOC:report7-multidoc \
  gold-factbook-7:MULTIDOC:factbook7 gold-pdf-9:PDFDEV:pdf9 gold-report-8:INDEX:report8 gold-report-8:MULTIDOC:report8-multidoc \
  gold-factbook-8:MULTIDOC:factbook8 gold-pdf-10:PDFDEV:pdf10 gold-report-9:INDEX:report9 gold-report-9:MULTIDOC:report9-multidoc \
  gold-factbook-9:MULTIDOC:factbook9 gold-pdf-11:PDFDEV:pdf11 gold-report-10:INDEX:report10 gold-report-10:MULTIDOC:report10-multidoc \
  gold-factbook-10:MULTIDOC:factbook10 gold-pdf-12:PDFDEV:pdf12 gold-report-11:INDEX:report11 gold-report-11:MULTIDOC:report11-multidoc \
  gold-factbook-11:MULTIDOC:factbook11 gold-pdf-13:PDFDEV:pdf13 gold-report-12:INDEX:report12 gold-report-12:MULTIDOC:report12-multidoc \
  gold-factbook-12:MULTIDOC:factbook12 gold-pdf-14:PDFDEV:pdf14 gold-report-13:INDEX:report13 \
  gold-report-13:MULTIDOC:report13-multidoc gold-factbook-13:MULTIDOC:factbook13 gold-pdf-15:PDFDEV:pdf15 \
  gold-report-14:INDEX:report14 gold-report-14:MULTIDOC:report14-multidoc gold-factbook-14:MULTIDOC:factbook14 gold-pdf-16:PDFDEV:pdf16 \
  gold-report-15:INDEX:report15 gold-report-15:MULTIDOC:report15-multidoc gold-factbook-15:MULTIDOC:factbook15 gold-pdf-17:PDFDEV:pdf17 \
  gold-report-16:INDEX:report16 gold-report-16:MULTIDOC:report16-multidoc gold-factbook-16:MULTIDOC:factbook16 gold-pdf-18:PDFDEV:pdf18 \
  gold-report-17:INDEX:report17 gold-report-17:MULTIDOC:report17-multidoc gold-factbook-17:MULTIDOC:factbook17 gold-pdf-19:PDFDEV:pdf19 \
  gold-report-18:INDEX:report18 gold-report-18:MULTIDOC:report18-multidoc gold-factbook-18:MULTIDOC:factbook18 gold-pdf-20:PDFDEV:pdf20 \
  gold-report-19:INDEX:report19 gold-report-19:MULTIDOC:report19-multidoc gold-factbook-19:MULTIDOC:factbook19 gold-pdf-21:PDFDEV:pdf21 \
  gold-report-20:INDEX:report20 gold-report-20:MULTIDOC:report20-multidoc gold-factbook-20:MULTIDOC:factbook20 gold-pdf-22:PDFDEV:pdf22 \
  gold-report-21:INDEX:report21 gold-report-21:MULTIDOC:report21-multidoc gold-factbook-21:MULTIDOC:factbook21 gold-pdf-23:PDFDEV:pdf23 \
  gold-report-22:INDEX:report22 gold-report-22:MULTIDOC:report22-multidoc gold-factbook-22:MULTIDOC:factbook22 gold-pdf-24:PDFDEV:pdf24 \
  gold-report-23:INDEX:report23 gold-report-23:MULTIDOC:report23-multidoc gold-factbook-23:MULTIDOC:factbook23 gold-pdf-25:PDFDEV:pdf25 \
  gold-report-24:INDEX:report24 gold-report-24:MULTIDOC:report24-multidoc gold-factbook-24:MULTIDOC:factbook24 gold-pdf-26:PDFDEV:pdf26 \
  gold-report-25:INDEX:report25 gold-report-25:MULTIDOC:report25-multidoc gold-factbook-25:MULTIDOC:factbook25 gold-pdf-27:PDFDEV:pdf27 \
  gold-report-26:INDEX:report26 gold-report-26:MULTIDOC:report26-multidoc gold-factbook-26:MULTIDOC:factbook26 gold-pdf-28:PDFDEV:pdf28 \
  gold-report-27:INDEX:report27 gold-report-27:MULTIDOC:report27-multidoc gold-factbook-27:MULTIDOC:factbook27 gold-pdf-29:PDFDEV:pdf29 \
  gold-report-28:INDEX:report28 gold-report-28:MULTIDOC:report28-multidoc gold-factbook-28:MULTIDOC:factbook28 gold-pdf-30:PDFDEV:pdf30 \
  gold-report-29:INDEX:report29 gold-report-29:MULTIDOC:report29-multidoc gold-factbook-29:MULTIDOC:factbook29 gold-pdf-31:PDFDEV:pdf31 \
  gold-report-30:INDEX:report30 gold-report-30:MULTIDOC:report30-multidoc gold-factbook-30:MULTIDOC:factbook30 gold-pdf-32:PDFDEV:pdf32 \
  gold-report-31:INDEX:report31 gold-report-31:MULTIDOC:report31-multidoc gold-factbook-31:MULTIDOC:factbook31 gold-pdf-33:PDFDEV:pdf33 \
  gold-report-32:INDEX:report32 gold-report-32:MULTIDOC:report32-multidoc gold-factbook-32:MULTIDOC:factbook32 gold-pdf-34:PDFDEV:pdf34 \
  gold-report-33:INDEX:report33 gold-report-33:MULTIDOC:report33-multidoc gold-factbook-33:MULTIDOC:factbook33 gold-pdf-35:PDFDEV:pdf35 \
  gold-report-34:INDEX:report34 gold-report-34:MULTIDOC:report34-multidoc gold-factbook-34:MULTIDOC:factbook34 gold-pdf-36:PDFDEV:pdf36 \
  gold-report-35:INDEX:report35 gold-report-35:MULTIDOC:report35-multidoc gold-factbook-35:MULTIDOC:factbook35 gold-pdf-37:PDFDEV:pdf37 \
  gold-report-36:INDEX:report36 gold-report-36:MULTIDOC:report36-multidoc gold-factbook-36:MULTIDOC:factbook36 gold-pdf-38:PDFDEV:pdf38
field = $(word $(1),$(subst :, ,$(2)))
TEST_RESULTS := $(foreach run,$(RUNS),eval/results/$(call field,3,$(run))-test)
DEV_SETS := $(foreach run,$(filter-out %-multidoc,$(RUNS)),--set $($(call field,2,$(run))):eval/$(call field,1,$(run)).jsonl:dev)

$(foreach run,$(RUNS),$(eval eval/results/$(call field,3,$(run))-test: index multidoc pdfdev ; \
	$$(BIN)/qa eval --gold eval/$(call field,1,$(run)).jsonl --subset test --systems hybrid --index $$($(call field,2,$(run))) --out $$@))
.PHONY: $(TEST_RESULTS)

eval-test: index multidoc pdfdev $(TEST_RESULTS)
	$(BIN)/qa eval --pool $(TEST_RESULTS) --out eval/results/pooled-test
	$(BIN)/qa eval --squad eval/squad-factbook.json --quiet --out eval/results
	$(BIN)/qa eval --pdf-quality eval/corpora/pdf-dev --out eval/results/pdf-quality

# The confidence models (qa/answer/confidence.json), refitted on development questions only
confidence: index multidoc pdfdev
	$(BIN)/python eval/tune_confidence.py --set $(INDEX):eval/gold.jsonl:all $(DEV_SETS) --squad eval/squad-factbook.json

bench: setup
	$(BIN)/python bench/bench.py

# starts the app on $(INDEX) itself, then 20 concurrent clients x 10 questions
load: index
	$(BIN)/python bench/load_app.py --index $(INDEX)

clean:
	rm -rf $(VENV) index/*/ .pytest_cache

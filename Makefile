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

eval-test: index multidoc pdfdev
	$(BIN)/qa eval --gold eval/gold-report.jsonl --subset test --systems hybrid --index $(INDEX) --out eval/results/report-test
	$(BIN)/qa eval --gold eval/gold-report.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/report-multidoc-test
	$(BIN)/qa eval --gold eval/gold-factbook.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/factbook-test
	$(BIN)/qa eval --gold eval/gold-factbook-2.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/factbook2-test
	$(BIN)/qa eval --gold eval/gold-pdf.jsonl --subset test --systems hybrid --index $(PDFDEV) --out eval/results/pdf-test
	$(BIN)/qa eval --gold eval/gold-pdf-2.jsonl --subset test --systems hybrid --index $(PDFDEV) --out eval/results/pdf2-test
	$(BIN)/qa eval --gold eval/gold-pdf-3.jsonl --subset test --systems hybrid --index $(PDFDEV) --out eval/results/pdf3-test
	$(BIN)/qa eval --gold eval/gold-report-2.jsonl --subset test --systems hybrid --index $(INDEX) --out eval/results/report2-test
	$(BIN)/qa eval --gold eval/gold-report-2.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/report2-multidoc-test
	$(BIN)/qa eval --gold eval/gold-factbook-3.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/factbook3-test
	$(BIN)/qa eval --gold eval/gold-pdf-4.jsonl --subset test --systems hybrid --index $(PDFDEV) --out eval/results/pdf4-test
	$(BIN)/qa eval --gold eval/gold-report-3.jsonl --subset test --systems hybrid --index $(INDEX) --out eval/results/report3-test
	$(BIN)/qa eval --gold eval/gold-report-3.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/report3-multidoc-test
	$(BIN)/qa eval --gold eval/gold-pdf-5.jsonl --subset test --systems hybrid --index $(PDFDEV) --out eval/results/pdf5-test
	$(BIN)/qa eval --gold eval/gold-report-4.jsonl --subset test --systems hybrid --index $(INDEX) --out eval/results/report4-test
	$(BIN)/qa eval --gold eval/gold-report-4.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/report4-multidoc-test
	$(BIN)/qa eval --gold eval/gold-factbook-4.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/factbook4-test
	$(BIN)/qa eval --gold eval/gold-pdf-6.jsonl --subset test --systems hybrid --index $(PDFDEV) --out eval/results/pdf6-test
	$(BIN)/qa eval --gold eval/gold-report-5.jsonl --subset test --systems hybrid --index $(INDEX) --out eval/results/report5-test
	$(BIN)/qa eval --gold eval/gold-report-5.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/report5-multidoc-test
	$(BIN)/qa eval --gold eval/gold-factbook-5.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/factbook5-test
	$(BIN)/qa eval --gold eval/gold-pdf-7.jsonl --subset test --systems hybrid --index $(PDFDEV) --out eval/results/pdf7-test
	$(BIN)/qa eval --gold eval/gold-report-6.jsonl --subset test --systems hybrid --index $(INDEX) --out eval/results/report6-test
	$(BIN)/qa eval --gold eval/gold-report-6.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/report6-multidoc-test
	$(BIN)/qa eval --gold eval/gold-factbook-6.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/factbook6-test
	$(BIN)/qa eval --gold eval/gold-pdf-8.jsonl --subset test --systems hybrid --index $(PDFDEV) --out eval/results/pdf8-test
	$(BIN)/qa eval --gold eval/gold-report-7.jsonl --subset test --systems hybrid --index $(INDEX) --out eval/results/report7-test
	$(BIN)/qa eval --gold eval/gold-report-7.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/report7-multidoc-test
	$(BIN)/qa eval --gold eval/gold-factbook-7.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/factbook7-test
	$(BIN)/qa eval --gold eval/gold-pdf-9.jsonl --subset test --systems hybrid --index $(PDFDEV) --out eval/results/pdf9-test
	$(BIN)/qa eval --gold eval/gold-report-8.jsonl --subset test --systems hybrid --index $(INDEX) --out eval/results/report8-test
	$(BIN)/qa eval --gold eval/gold-report-8.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/report8-multidoc-test
	$(BIN)/qa eval --gold eval/gold-factbook-8.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/factbook8-test
	$(BIN)/qa eval --gold eval/gold-pdf-10.jsonl --subset test --systems hybrid --index $(PDFDEV) --out eval/results/pdf10-test
	$(BIN)/qa eval --gold eval/gold-report-9.jsonl --subset test --systems hybrid --index $(INDEX) --out eval/results/report9-test
	$(BIN)/qa eval --gold eval/gold-report-9.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/report9-multidoc-test
	$(BIN)/qa eval --gold eval/gold-factbook-9.jsonl --subset test --systems hybrid --index $(MULTIDOC) --out eval/results/factbook9-test
	$(BIN)/qa eval --gold eval/gold-pdf-11.jsonl --subset test --systems hybrid --index $(PDFDEV) --out eval/results/pdf11-test
	$(BIN)/qa eval --pool eval/results/report-test eval/results/report-multidoc-test eval/results/factbook-test \
	  eval/results/factbook2-test eval/results/pdf-test eval/results/pdf2-test eval/results/pdf3-test \
	  eval/results/report2-test eval/results/report2-multidoc-test eval/results/factbook3-test eval/results/pdf4-test \
	  eval/results/report3-test eval/results/report3-multidoc-test eval/results/pdf5-test \
	  eval/results/report4-test eval/results/report4-multidoc-test eval/results/factbook4-test eval/results/pdf6-test \
	  eval/results/report5-test eval/results/report5-multidoc-test eval/results/factbook5-test eval/results/pdf7-test \
	  eval/results/report6-test eval/results/report6-multidoc-test eval/results/factbook6-test eval/results/pdf8-test \
	  eval/results/report7-test eval/results/report7-multidoc-test eval/results/factbook7-test eval/results/pdf9-test \
	  eval/results/report8-test eval/results/report8-multidoc-test eval/results/factbook8-test eval/results/pdf10-test \
	  eval/results/report9-test eval/results/report9-multidoc-test eval/results/factbook9-test eval/results/pdf11-test \
	  --out eval/results/pooled-test
	$(BIN)/qa eval --squad eval/squad-factbook.json --quiet --out eval/results
	$(BIN)/qa eval --pdf-quality eval/corpora/pdf-dev --out eval/results/pdf-quality

# The confidence models (qa/answer/confidence.json), refitted on development questions only
confidence: index multidoc pdfdev
	$(BIN)/python eval/tune_confidence.py \
	  --set $(INDEX):eval/gold.jsonl:all --set $(INDEX):eval/gold-report.jsonl:dev \
	  --set $(MULTIDOC):eval/gold-factbook.jsonl:dev --set $(MULTIDOC):eval/gold-factbook-2.jsonl:dev \
	  --set $(PDFDEV):eval/gold-pdf.jsonl:dev --set $(PDFDEV):eval/gold-pdf-2.jsonl:dev \
	  --set $(PDFDEV):eval/gold-pdf-3.jsonl:dev --set $(INDEX):eval/gold-report-2.jsonl:dev \
	  --set $(MULTIDOC):eval/gold-factbook-3.jsonl:dev --set $(PDFDEV):eval/gold-pdf-4.jsonl:dev \
	  --set $(INDEX):eval/gold-report-3.jsonl:dev --set $(PDFDEV):eval/gold-pdf-5.jsonl:dev \
	  --set $(INDEX):eval/gold-report-4.jsonl:dev --set $(MULTIDOC):eval/gold-factbook-4.jsonl:dev \
	  --set $(PDFDEV):eval/gold-pdf-6.jsonl:dev --set $(INDEX):eval/gold-report-5.jsonl:dev \
	  --set $(MULTIDOC):eval/gold-factbook-5.jsonl:dev --set $(PDFDEV):eval/gold-pdf-7.jsonl:dev \
	  --set $(INDEX):eval/gold-report-6.jsonl:dev --set $(MULTIDOC):eval/gold-factbook-6.jsonl:dev \
	  --set $(PDFDEV):eval/gold-pdf-8.jsonl:dev --set $(INDEX):eval/gold-report-7.jsonl:dev \
	  --set $(MULTIDOC):eval/gold-factbook-7.jsonl:dev --set $(PDFDEV):eval/gold-pdf-9.jsonl:dev \
	  --set $(INDEX):eval/gold-report-8.jsonl:dev --set $(MULTIDOC):eval/gold-factbook-8.jsonl:dev \
	  --set $(PDFDEV):eval/gold-pdf-10.jsonl:dev --set $(INDEX):eval/gold-report-9.jsonl:dev \
	  --set $(MULTIDOC):eval/gold-factbook-9.jsonl:dev --set $(PDFDEV):eval/gold-pdf-11.jsonl:dev \
	  --squad eval/squad-factbook.json

bench: setup
	$(BIN)/python bench/bench.py

# starts the app on $(INDEX) itself, then 20 concurrent clients x 10 questions
load: index
	$(BIN)/python bench/load_app.py --index $(INDEX)

clean:
	rm -rf $(VENV) index/*/ .pytest_cache

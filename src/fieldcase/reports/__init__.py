"""Reports: de-identified exports, statistics, SIMFONI table, budget, printable HTML.

Nothing here imports Qt: PDFs are built as HTML for ``QTextDocument`` and
printed by ``ui/``. Every function that lets case data leave the vault first
checks the account's role (:mod:`fieldcase.reports.access`) and writes an
``export`` entry to the audit chain. De-identified outputs are built from an
allow-list of fields (:mod:`fieldcase.reports.deidentify`), never by removing
known identifying fields from a copy.
"""

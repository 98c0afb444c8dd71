"""The supervisor's reporting windows: statistics dashboard, PDF reports, chart images.

Qt-free report content comes from :mod:`fieldcase.reports`; this package draws
it (QPainter bar charts), prints it (QPdfWriter) and asks where to save.
Every file leaves through :func:`fieldcase.reports.output.write_logged`, so
it has its ``export`` entry in the audit chain.
"""

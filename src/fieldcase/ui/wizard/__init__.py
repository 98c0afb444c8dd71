"""Stage wizards generated from XLSForms.

Qt-free (testable without a display): ``engine`` (answers, relevance,
calculations, validation), ``display`` (dd/mm/yyyy, zones, labels),
``context`` (context field values), ``drafts`` (open, autosave, finalise on
the vault thread), ``strings``. Widgets: ``widgets`` (one editor per type),
``fields`` (question, note, section, repeat), ``pages``, ``review``,
``wizard`` (the ``QWizard``), ``draftlist`` and ``launcher`` (the main
window's "New case" and "Resume draft").
"""

"""Sync in the app: the panel, the status-bar indicator, automatic sync and bundle export.

See :class:`~fieldcase.ui.sync.launcher.SyncLauncher` for how the main window
uses it.
"""

from fieldcase.ui.sync.autosync import AutoSync
from fieldcase.ui.sync.export import ExportBundleDialog
from fieldcase.ui.sync.launcher import SyncLauncher, SyncStatusIndicator
from fieldcase.ui.sync.panel import SyncPanel
from fieldcase.ui.sync.service import SyncOutcome, SyncService

__all__ = [
    "AutoSync",
    "ExportBundleDialog",
    "SyncLauncher",
    "SyncOutcome",
    "SyncPanel",
    "SyncService",
    "SyncStatusIndicator",
]

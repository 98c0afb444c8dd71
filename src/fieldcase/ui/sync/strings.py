"""Words of the sync panel, export dialog and status indicator, in both languages.

Resolved when a widget is built or refreshed (``T.NAME``), never cached at
import time, so a language switch shows in the next refresh.
"""

from __future__ import annotations

from fieldcase.i18n import Texts

T = Texts(
    ACTION=("Sinkronisasi", "Sync"),
    ACTION_TIP=(
        "Status sinkronisasi, sinkronkan sekarang, ekspor bundel",
        "Sync status, sync now, export a bundle",
    ),
    TITLE=("Sinkronisasi", "Sync"),
    INTRO=(
        "Data dikirim terenkripsi dan ditandatangani; server dan folder tidak dapat membacanya.",
        "Data travels encrypted and signed; neither the server nor the folder can read it.",
    ),
    COL_TRANSPORT=("Jalur", "Transport"),
    COL_STATUS=("Status", "Status"),
    COL_LAST=("Sinkron terakhir", "Last sync"),
    COL_PENDING=("Menunggu dikirim", "Pending changes"),
    FOLDER=("Folder pertukaran", "Exchange folder"),
    SERVER=("Server relay", "Relay server"),
    BUNDLE=("Berkas bundel", "Bundle file"),
    NOT_CONFIGURED=("Belum diatur", "Not configured"),
    CHECKING=("Memeriksa…", "Checking…"),
    REACHABLE=("Terjangkau", "Reachable"),
    UNREACHABLE=("Tidak terjangkau", "Unreachable"),
    ERROR=("Galat", "Error"),
    MANUAL=("Manual (flashdisk)", "Manual (USB stick)"),
    NEVER=("Belum pernah", "Never"),
    SET_FOLDER=("Pilih folder…", "Choose folder…"),
    SET_SERVER=("Atur server…", "Set server…"),
    SERVER_PROMPT=(
        "Alamat server relay (mis. https://relay.contoh.org):",
        "Relay server address (e.g. https://relay.example.org):",
    ),
    SERVER_BAD=(
        "Alamat server harus diawali https:// (atau http://127.0.0.1 untuk uji coba).",
        "The server address must start with https:// (or http://127.0.0.1 for testing).",
    ),
    EXPORT=("Ekspor bundel…", "Export bundle…"),
    IMPORT=("Impor bundel…", "Import bundle…"),
    SYNC_NOW=("Sinkronkan sekarang", "Sync now"),
    CANCEL=("Batal", "Cancel"),
    CANCELLING=(
        "Membatalkan… (menunggu langkah yang sedang berjalan selesai)",
        "Cancelling… (waiting for the current step to finish)",
    ),
    CLOSE=("Tutup", "Close"),
    PUSHING=("Mengirim perubahan… {done} dari {total}", "Sending changes… {done} of {total}"),
    PULLING=("Menerima… {done} amplop", "Receiving… {done} envelopes"),
    STARTING=("Memulai sinkronisasi…", "Starting sync…"),
    DONE=(
        "Selesai: {sent} perubahan terkirim, {applied} diterapkan.",
        "Done: {sent} changes sent, {applied} applied.",
    ),
    CANCELLED=(
        "Dibatalkan. Yang sudah selesai tetap tersimpan; sinkronisasi berikutnya melanjutkan.",
        "Cancelled. What finished is kept; the next sync continues from there.",
    ),
    NOTHING_CONFIGURED=(
        "Belum ada jalur sinkronisasi. Pilih folder pertukaran atau atur server relay.",
        "No sync transport yet. Choose an exchange folder or set the relay server.",
    ),
    NOT_IN_TEAM=(
        "Akun ini belum menjadi anggota tim; sinkronisasi belum bisa dipakai.",
        "This account is not a team member yet; sync is not available.",
    ),
    REJECTED=(
        "{count} amplop ditolak (rusak, diubah, atau dari pengirim tak dikenal).",
        "{count} envelopes refused (damaged, altered or from an unknown sender).",
    ),
    QUARANTINED=(
        "{count} perubahan dikarantina (jam pengirim terlalu maju).",
        "{count} changes quarantined (the sender's clock is too far ahead).",
    ),
    AUTO_ON=("Otomatis: berikutnya {when}", "Automatic: next at {when}"),
    AUTO_RETRY=(
        "Otomatis: server tidak terjangkau, coba lagi {when}",
        "Automatic: server unreachable, retrying at {when}",
    ),
    AUTO_WAITING=(
        "Otomatis: menunggu server relay terjangkau",
        "Automatic: waiting for the relay server to be reachable",
    ),
    AUTO_OFF=(
        "Otomatis: mati (atur server relay untuk menyalakan)",
        "Automatic: off (set the relay server to turn it on)",
    ),
    INDICATOR_IDLE=("Sinkron: {when}", "Synced: {when}"),
    INDICATOR_PENDING=("{count} menunggu", "{count} pending"),
    INDICATOR_BUSY=("Menyinkronkan…", "Syncing…"),
    INDICATOR_ERROR=("Sinkronisasi gagal", "Sync failed"),
    INDICATOR_PARTLY=("ada galat", "an error"),
    INDICATOR_NONE=("Sinkron: belum diatur", "Sync: not set up"),
    INDICATOR_NOT_TEAM=("Sinkron: bukan anggota tim", "Sync: not in a team"),
    # Bundle export
    EXPORT_TITLE=("Ekspor bundel", "Export bundle"),
    EXPORT_HINT=(
        "Bundel .fcbundle terenkripsi dan ditandatangani, untuk dibawa dengan flashdisk. "
        "Supervisor mengekspor perubahan semua anggota; akun lain hanya perubahannya sendiri.",
        "An encrypted, signed .fcbundle to carry on a USB stick. A supervisor exports "
        "everyone's changes; other accounts only their own.",
    ),
    EXPORT_ALL=("Semua perubahan", "All changes"),
    EXPORT_SINCE=("Perubahan sejak tanggal:", "Changes since:"),
    EXPORT_CASES=(
        "Kasus tertentu (id kasus, satu per baris):",
        "Selected cases (case ids, one per line):",
    ),
    EXPORT_SAVE=("Simpan…", "Save…"),
    EXPORT_FILTER=("Bundel fieldcase (*.fcbundle)", "fieldcase bundle (*.fcbundle)"),
    EXPORT_WORKING=("Mengekspor…", "Exporting…"),
    EXPORT_DONE=(
        "Diekspor: {count} perubahan ke {name}.",
        "Exported: {count} changes to {name}.",
    ),
    EXPORT_NO_CASES=(
        "Masukkan setidaknya satu id kasus.",
        "Enter at least one case id.",
    ),
    EXPORT_BAD_CASE=(
        "Id kasus tidak sah: hanya huruf, angka dan '-' (baris {line}).",
        "Invalid case id: letters, digits and '-' only (line {line}).",
    ),
)

"""Every string the windows show, in one catalog, in Bahasa Indonesia and English.

Why one module: one place to read and review every label (and to check in a
test that both languages exist for each). ``texts.NAME`` resolves to the
current language at the moment it is read (``fieldcase.i18n``), so a window
built after a language switch shows the new language. Modules with many
words of their own (referrals, reports, sync) keep their own ``Texts``
catalog next to their code, through the same mechanism.
Nothing here may carry case content: these are labels, hints and templates.
"""

from __future__ import annotations

from fieldcase import i18n
from fieldcase.core.roles import Role
from fieldcase.i18n import Texts

CATALOG = Texts(
    APP_NAME="fieldcase",
    TRAINING=("PELATIHAN", "TRAINING"),
    # ------------------------------------------------------------------ start-up
    NO_DISPLAY=(
        "Tidak ada layar (DISPLAY/WAYLAND_DISPLAY kosong): jalankan 'xvfb-run -a fieldcase', "
        "atau QT_QPA_PLATFORM=offscreen untuk uji tanpa jendela",
        "No display (DISPLAY/WAYLAND_DISPLAY unset): run 'xvfb-run -a fieldcase', or "
        "QT_QPA_PLATFORM=offscreen to test without a window.",
    ),
    UNEXPECTED=(
        "Galat tak terduga ({kind}); rinciannya ada di log. Data yang sudah tersimpan aman.",
        "Unexpected error ({kind}); the details are in the log. Data saved before is safe.",
    ),
    ERROR_TITLE=("Galat", "Error"),
    # ------------------------------------------------------------------- sign-in
    SIGNIN_TITLE=("fieldcase — Masuk", "fieldcase — Sign in"),
    SIGNIN_HEADING=("Masuk", "Sign in"),
    SIGNIN_SUBTITLE=("Pengelolaan kasus terenkripsi", "Encrypted case management"),
    ACCOUNTS_LABEL=("Pilih akun Anda", "Choose your account"),
    NO_ACCOUNTS=(
        "Belum ada akun di laptop ini. Setiap orang yang memakai laptop ini membuat akunnya "
        "sendiri; mulailah dengan akun Anda.",
        "No accounts on this laptop yet. Everyone who uses this laptop creates their own "
        "account; start with yours.",
    ),
    PASSPHRASE=("Frasa sandi", "Passphrase"),
    UNLOCK=("Buka", "Unlock"),
    UNLOCKING=("Membuka brankas…", "Opening the vault…"),
    CREATE_ACCOUNT=("Buat akun", "Create account"),
    FORGOT=("Lupa frasa sandi?", "Forgot passphrase?"),
    CHOOSE_ACCOUNT_FIRST=("Pilih akun dulu di daftar.", "Choose an account in the list first."),
    TYPE_PASSPHRASE=("Ketik frasa sandi Anda.", "Type your passphrase."),
    ACCOUNT_CREATED=(
        "Akun dibuat. Ketik frasa sandinya untuk masuk.",
        "Account created. Type its passphrase to sign in.",
    ),
    # ------------------------------------------------------- passphrase fields
    NEW_PASSPHRASE=("Frasa sandi baru", "New passphrase"),
    REPEAT_PASSPHRASE=("Ulangi frasa sandi", "Repeat passphrase"),
    PASSPHRASE_HINT=(
        "Minimal 10 karakter. Paling mudah: beberapa kata yang Anda ingat, misalnya “kopi pagi "
        "di Lombok 7”.",
        "At least 10 characters. Easiest: a few words you remember, for example “morning "
        "coffee in Lombok 7”.",
    ),
    PASSPHRASE_OK=("✓ Frasa sandi cukup kuat.", "✓ The passphrase is strong enough."),
    PASSPHRASE_REPEAT=(
        "✓ Cukup kuat. Sekarang ketik sekali lagi di kolom kedua.",
        "✓ Strong enough. Now type it once more in the second field.",
    ),
    PASSPHRASE_MISMATCH=("Kedua frasa sandi tidak sama.", "The two passphrases are not the same."),
    # ------------------------------------------------------------ create account
    CREATE_TITLE=("Buat akun", "Create account"),
    CREATE_INTRO=(
        "Setiap orang yang memakai laptop ini perlu akun sendiri.",
        "Everyone who uses this laptop needs their own account.",
    ),
    DISPLAY_NAME=("Nama tampilan", "Display name"),
    DISPLAY_NAME_HINT=("mis.", "e.g. Ani Pendamping"),
    ROLE=("Peran", "Role"),
    CANCEL=("Batal", "Cancel"),
    CREATING=("Membuat akun…", "Creating the account…"),
    NAME_TOO_SHORT=(
        "Ketik nama tampilan (minimal 2 karakter).",
        "Type a display name (at least 2 characters).",
    ),
    # ------------------------------------------------------------ recovery code
    RECOVERY_CODE_TITLE=("Kode pemulihan", "Recovery code"),
    RECOVERY_CODE_HEADING=("Tulis kode ini di kertas sekarang", "Write this code on paper now"),
    NEW_RECOVERY_CODE_HEADING=(
        "Kode pemulihan BARU — kode lama tidak berlaku lagi",
        "NEW recovery code — the old one no longer works",
    ),
    RECOVERY_CODE_BODY=(
        "Kode ini hanya ditampilkan sekali. Jika Anda lupa frasa sandi, hanya kode ini yang "
        "dapat membuka akun. Simpan kertasnya di tempat aman, terpisah dari laptop; jangan "
        "memotretnya dan jangan mengirimnya lewat chat.",
        "This code is shown only once. If you forget your passphrase, only this code can open "
        "the account. Keep the paper somewhere safe, away from the laptop; do not photograph "
        "it or send it by chat.",
    ),
    WRITTEN_DOWN=("Saya sudah mencatat kode ini", "I have written this code down"),
    DONE=("Selesai", "Done"),
    # ----------------------------------------------------------------- recovery
    RECOVER_TITLE=("Pulihkan akun", "Recover account"),
    RECOVER_INTRO=(
        "Ketik kode pemulihan yang Anda catat saat akun dibuat. Huruf kecil dan spasi tidak "
        "masalah.",
        "Type the recovery code you wrote down when the account was created. Lower case and "
        "spaces are fine.",
    ),
    RECOVERY_CODE=("Kode pemulihan", "Recovery code"),
    RECOVERY_CODE_PLACEHOLDER="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX",
    ACCOUNT=("Akun", "Account"),
    CONTINUE=("Lanjut", "Continue"),
    CHECKING_CODE=("Memeriksa kode…", "Checking the code…"),
    NEW_PASSPHRASE_TITLE=("Frasa sandi baru", "New passphrase"),
    NEW_PASSPHRASE_INTRO=(
        "Akun ini dibuka dengan kode pemulihan. Buat frasa sandi baru sebelum melanjutkan; "
        "Anda akan mendapat kode pemulihan baru juga.",
        "This account was opened with its recovery code. Set a new passphrase before you "
        "continue; you will get a new recovery code too.",
    ),
    SAVE=("Simpan", "Save"),
    SAVING=("Menyimpan…", "Saving…"),
    # -------------------------------------------------------------- main window
    MAIN_TITLE="fieldcase — {name}",
    TRAINING_BANNER=(
        "PELATIHAN — kasus fiktif untuk latihan, bukan data nyata",
        "TRAINING — fictional cases for practice, not real data",
    ),
    SEARCH_PLACEHOLDER=(
        "Cari nama, alias, catatan, kronologi…",
        "Search names, aliases, notes, narratives…",
    ),
    SEARCH_LABEL=("Cari", "Search"),
    LOCK=("Kunci", "Lock"),
    LOCK_BUTTON=("Kunci (Ctrl+L)", "Lock (Ctrl+L)"),
    LOCK_TIP=(
        "Tutup brankas dan kembali ke layar masuk (Ctrl+L).",
        "Close the vault and return to sign-in (Ctrl+L).",
    ),
    SIGNED_IN_AS=("Masuk sebagai: {name}", "Signed in as: {name}"),
    NEW_CASE=("Kasus baru", "New case"),
    NEW_CASE_BUTTON=("Kasus baru (Ctrl+N)", "New case (Ctrl+N)"),
    NEW_CASE_TIP=(
        "Catat pengaduan baru dengan formulir penerimaan (Ctrl+N).",
        "Record a new complaint with the intake form (Ctrl+N).",
    ),
    RESUME_DRAFT=("Lanjutkan draf", "Resume draft"),
    RESUME_DRAFT_COUNT=("Lanjutkan draf ({count})", "Resume draft ({count})"),
    RESUME_DRAFT_TIP=(
        "Formulir yang belum selesai, tersimpan otomatis di brankas. (Ctrl+D)",
        "Unfinished forms, saved automatically in the vault. (Ctrl+D)",
    ),
    COUNT_ALL=("{total} kasus", "{total} cases"),
    COUNT_NONE=("Belum ada kasus.", "No cases yet."),
    COUNT_MATCH=("{shown} dari {total} kasus cocok", "{shown} of {total} cases match"),
    COUNT_NO_MATCH=("Tidak ada kasus yang cocok.", "No matching cases."),
    COUNT_LIMIT=(
        "{shown} hasil teratas dari {total} kasus — persempit pencarian",
        "top {shown} matches of {total} cases — narrow the search",
    ),
    PLACEHOLDER="—",
    ROW_UNREADABLE=(
        "Baris ini tidak dapat dibaca; coba kunci lalu buka lagi.",
        "This row could not be read; try locking and unlocking again.",
    ),
    TRAINING_MODE_BANNER=(
        "MODE PELATIHAN — semua kasus di sini fiktif. Akun: Pelatihan atau Pelatihan "
        "Supervisor · frasa sandi: latihan fieldcase 2026",
        "TRAINING MODE — every case here is fictional. Accounts: Pelatihan or Pelatihan "
        "Supervisor · passphrase: latihan fieldcase 2026",
    ),
    TRAINING_MODE_BUTTON=("Mode pelatihan", "Training mode"),
    TRAINING_MODE_TIP=(
        "Membuka aplikasi terpisah berisi kasus fiktif untuk berlatih",
        "Opens a separate app with fictional cases to practise on",
    ),
    COUNT_FILTERED=("{shown} dari {total} kasus (disaring)", "{shown} of {total} cases (filtered)"),
    TAB_CASES=("Kasus", "Cases"),
    MANAGE=("Kelola", "Manage"),
    MANAGE_TIP=(
        "Pengaturan laptop dan organisasi: formulir, direktori layanan, biaya satuan.",
        "Laptop and organisation set-up: forms, service directory, unit costs.",
    ),
    CUSTOM_FORMS=("Formulir organisasi", "Organisation forms"),
    DAMAGED_ACCOUNT=(
        "Berkas akun rusak — hubungi admin tim",
        "Account file damaged — contact your team admin",
    ),
    # Conflict inbox (ui/conflicts.py).
    CONFLICTS=("Konflik", "Conflicts"),
    CONFLICTS_COUNT=("Konflik ({count})", "Conflicts ({count})"),
    CONFLICTS_TIP=(
        "Isian yang diubah dua orang sekaligus; pilih nilai yang benar. (Ctrl+K)",
        "Fields changed by two people at once; choose the right value. (Ctrl+K)",
    ),
    CONFLICTS_TITLE=("Kotak konflik", "Conflict inbox"),
    CONFLICTS_NONE=("Tidak ada konflik terbuka.", "No open conflicts."),
    CONFLICTS_OPEN=("{count} konflik terbuka", "{count} open conflicts"),
    CONFLICT_ROW="{code} — {path}",
    CONFLICT_PICK=("Pilih konflik di daftar.", "Select a conflict in the list."),
    CONFLICT_BASE=("Awal", "Base"),
    CONFLICT_MINE=("Milik saya", "Mine"),
    CONFLICT_THEIRS=("Milik mereka", "Theirs"),
    CONFLICT_OVERWRITTEN=("Nilai tertimpa", "Overwritten value"),
    CONFLICT_CURRENT=("Nilai berlaku", "Current value"),
    CONFLICT_UNKNOWN=("(tidak diketahui", "unknown)"),
    CONFLICT_EMPTY=("(kosong", "empty)"),
    CONFLICT_DELETED=("(dihapus", "deleted)"),
    CONFLICT_META="{author} · {when}",
    CONFLICT_YOU=("Anda", "You"),
    CONFLICT_AUTHOR="{role} …{code}",
    KEEP_MINE=("Pakai milik saya", "Keep mine"),
    KEEP_THEIRS=("Pakai milik mereka", "Keep theirs"),
    CONFLICT_EDIT=("Ubah…", "Edit…"),
    CONFLICT_EDIT_SAVE=("Simpan nilai ini", "Save this value"),
    CONFLICT_EDIT_LABEL=("Nilai baru", "New value"),
    CONFLICT_RESOLVED=("Konflik diselesaikan, tersimpan.", "Conflict resolved, saved."),
    CLOSE=("Tutup", "Close"),
    # Import bundle wizard (ui/importwizard.py).
    IMPORT_BUNDLE=("Impor bundel…", "Import bundle…"),
    IMPORT_BUNDLE_TIP=(
        "Impor berkas .fcbundle dari flashdisk atau e-mail. (Ctrl+I)",
        "Import a .fcbundle file from a USB stick or e-mail. (Ctrl+I)",
    ),
    WIZARD_BACK=("< &Kembali", "< &Back"),
    WIZARD_NEXT=("&Lanjut >", "&Next >"),
    IMPORT_TITLE=("Impor bundel", "Import bundle"),
    IMPORT_FILE_TITLE=("Pilih berkas", "Choose file"),
    IMPORT_FILE_HINT=(
        "Pilih berkas bundel (.fcbundle) yang diterima dari anggota tim.",
        "Choose the bundle file (.fcbundle) received from a team member.",
    ),
    IMPORT_FILE_LABEL=("Berkas", "File"),
    IMPORT_CHOOSE=("Pilih…", "Choose…"),
    IMPORT_FILTER=("Bundel fieldcase", "fieldcase bundle (*.fcbundle)"),
    IMPORT_VERIFY_TITLE=("Periksa pengirim", "Verify sender"),
    IMPORT_VERIFYING=("Memeriksa tanda tangan…", "Checking signatures…"),
    IMPORT_VERIFIED=("Berkas asli dan utuh.", "The file is genuine and complete."),
    IMPORT_REJECTED=(
        "Bundel ditolak — tidak ada yang diimpor.",
        "Bundle rejected — nothing was imported.",
    ),
    IMPORT_EXPORTER=("Pengirim", "Exporter"),
    IMPORT_TEAM=("Tim", "Team"),
    IMPORT_CREATED=("Dibuat", "Created"),
    IMPORT_PREVIEW_TITLE=("Pratinjau", "Preview"),
    IMPORT_ENVELOPES=("Amplop", "Envelopes"),
    IMPORT_NEW_CHANGES=("Perubahan baru", "New changes"),
    IMPORT_CHANGES=("Perubahan", "Changes"),
    IMPORT_CASES=("Kasus", "Cases"),
    IMPORT_ALREADY=("Amplop sudah diimpor sebelumnya", "Envelopes already imported"),
    IMPORT_TEAM_UPDATES=("Pembaruan tim", "Team updates"),
    IMPORT_PREVIEW_HINT=(
        "Klik “Impor” untuk menerapkan; semua atau tidak sama sekali.",
        "Click “Import” to apply; all or nothing.",
    ),
    IMPORT_COMMIT=("Impor", "Import"),
    IMPORT_APPLY_TITLE=("Menerapkan", "Applying"),
    IMPORT_APPLYING=(
        "Mengimpor… jangan cabut flashdisk.",
        "Importing… do not remove the USB stick.",
    ),
    IMPORT_DONE=("Impor selesai, tersimpan.", "Import finished, saved."),
    IMPORT_FAILED=("Impor gagal — tidak ada yang diubah.", "Import failed — nothing was changed."),
    IMPORT_APPLIED=("Perubahan diterapkan", "Changes applied"),
    IMPORT_DUPLICATES=("Amplop duplikat dilewati", "Duplicate envelopes skipped"),
    IMPORT_HELD=("Perubahan sudah ada", "Changes already held"),
    IMPORT_QUARANTINED=("Dikarantina (jam terlalu maju)", "Quarantined (clock too far ahead)"),
    IMPORT_CONFLICTS=("Konflik terbuka sekarang", "Conflicts now open"),
    # Case file (ui/casefile.py).
    OPEN_CASE=("Buka", "Open"),
    OPEN_CASE_TIP=(
        "Buka berkas kasus yang dipilih (Enter atau klik dua kali); setiap pembukaan dicatat.",
        "Open the selected case file (Enter or double-click); every opening is logged.",
    ),
    CASEFILE_TITLE=("Berkas kasus {code}", "Case file {code}"),
    CASEFILE_LOADING=("Membuka berkas kasus…", "Opening the case file…"),
    CASEFILE_LOGGED=(
        "Pembukaan berkas ini tercatat di log audit.",
        "Opening this file is recorded in the audit log.",
    ),
    CASEFILE_CODE=("Kode kasus", "Case code"),
    CASEFILE_STAGE=("Tahap", "Stage"),
    CASEFILE_STATUS="Status",
    CASEFILE_REGION=("Wilayah", "Region"),
    CASEFILE_RISK=("Risiko", "Risk"),
    CASEFILE_NAME=("Nama", "Name"),
    CASEFILE_ALIAS=("Nama panggilan", "Alias"),
    CASEFILE_AGE=("Umur", "Age"),
    CASEFILE_IDENTITY=("Identitas anak", "Child's identity"),
    SHOW_IDENTITY=("Tampilkan identitas", "Show identity"),
    HIDE_IDENTITY=("Sembunyikan identitas", "Hide identity"),
    SHOW_IDENTITY_TIP=(
        "Identitas anak dirahasiakan (UU SPPA Pasal 19); membukanya dicatat di log audit.",
        "The child's identity is confidential (UU SPPA Art. 19); showing it is logged.",
    ),
    CASEFILE_AUTHOR=("Akun …{code}", "Account …{code}"),
    CASEFILE_STAGES=("Tahapan", "Stages"),
    CASEFILE_DEADLINES=("Tenggat", "Deadlines"),
    CASEFILE_HISTORY=("Riwayat perubahan", "Change history"),
    CASEFILE_VIEWS=("Yang membuka berkas", "Who viewed"),
    CASEFILE_NO_DEADLINES=("Tidak ada tenggat.", "No deadlines."),
    COL_STAGE=("Tahap", "Stage"),
    COL_STATE=("Keadaan", "State"),
    COL_DEADLINE=("Tenggat", "Deadline"),
    COL_DUE=("Jatuh tempo", "Due"),
    COL_WHO=("Siapa", "Who"),
    COL_WHEN=("Kapan", "When"),
    COL_WHAT=("Apa", "What"),
    COL_OLD=("Sebelumnya", "Before"),
    COL_NEW=("Sesudahnya", "After"),
    STAGE_DONE=("✓ selesai", "✓ done"),
    STAGE_OPEN=("▶ sedang berjalan", "▶ open"),
    STAGE_NOT_STARTED=("○ belum", "○ not started"),
    STAGE_CURRENT=("tahap saat ini", "current stage"),
    DEADLINE_OVERDUE=("⚠ TERLAMBAT", "⚠ OVERDUE"),
    DEADLINE_DUE_SOON=("⚑ SEGERA", "⚑ DUE SOON"),
    DEADLINE_PENDING=("◷ berjalan", "◷ running"),
    DEADLINE_NOT_STARTED=("○ belum mulai", "○ not started"),
    DEADLINE_MET=("✓ terpenuhi", "✓ met"),
    VIEW_CASE=("membuka berkas", "opened the file"),
    VIEW_IDENTITY=("membuka identitas", "showed the identity"),
    HISTORY_ENTRY=(
        "{when} — {who} — {count} isian diubah",
        "{when} — {who} — {count} fields changed",
    ),
    COL_FIELD=("Isian", "Field"),
)


def __getattr__(name: str) -> str:
    """``texts.NAME``: the catalog entry in the current language (PEP 562)."""
    return CATALOG.__getattr__(name)


#: Case list columns: (header, tooltip) in both languages; :func:`columns` picks one.
_COLUMNS: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    (
        ("Kode kasus", "Case code"),
        ("8 karakter terakhir dari id kasus", "last 8 characters of the case id"),
    ),
    (("Tahap", "Stage"), ("Tahap prosedur saat ini", "current procedure stage")),
    (("Status", "Status"), ("Status kasus", "case status")),
    (("Wilayah", "Region"), ("Wilayah layanan", "service region")),
    (("Risiko", "Risk"), ("Tingkat risiko", "risk level")),
    (("Petugas", "Worker"), ("Petugas yang ditugaskan", "assigned worker")),
)

#: Case-list filter menus: column -> the "everything" entry (also the menu's name).
_FILTERS: dict[str, tuple[str, str]] = {
    "stage": ("Semua tahap", "All stages"),
    "status": ("Semua status", "All statuses"),
    "region": ("Semua wilayah", "All regions"),
    "risk": ("Semua risiko", "All risks"),
}


def columns() -> tuple[tuple[str, str], ...]:
    """The case list's (header, tooltip) per column, in the current language."""
    return tuple((i18n.pick(*header), i18n.pick(*tip)) for header, tip in _COLUMNS)


def filters() -> dict[str, str]:
    """Each filter menu's "everything" entry, in the current language."""
    return {column: i18n.pick(*pair) for column, pair in _FILTERS.items()}


def role_label(role: Role) -> str:
    """A role's name in the current language."""
    return role.label(i18n.current())

"""The wizard's own words (not the form's), in Bahasa Indonesia and English.

Qt-free, so the engine can use the generic messages. ``text(key, language)``
picks one language: the wizard switches its chrome with the form's labels
(``set_language``). Nothing here may carry case content.
"""

from __future__ import annotations

from fieldcase import i18n

_TEXTS: dict[str, tuple[str, str]] = {
    # generic messages for form rules that have no message of their own
    "generic_required": (
        "Isian ini wajib diisi untuk melanjutkan.",
        "This field is required to continue.",
    ),
    "generic_constraint": (
        "Jawaban ini tidak memenuhi aturan formulir. Periksa kembali isinya.",
        "This answer does not meet the form's rule. Check what you entered.",
    ),
    # what cannot be read from the keyboard
    "bad_date": (
        "Tanggal tidak dikenali. Tulis seperti 17/08/2015 (tanggal/bulan/tahun), atau pakai "
        "tombol Kalender.",
        "Date not recognised. Write it like 17/08/2015 (day/month/year), or use the "
        "Calendar button.",
    ),
    "bad_time": (
        "Jam tidak dikenali. Tulis seperti 14:30.",
        "Time not recognised. Write it like 14:30.",
    ),
    "time_needs_date": (
        "Isi juga tanggalnya.",
        "Fill in the date as well.",
    ),
    "bad_integer": (
        "Tulis bilangan bulat saja, misalnya 14.",
        "Write a whole number only, e.g. 14.",
    ),
    "bad_decimal": (
        "Tulis angka saja, misalnya 2,5.",
        "Write a number only, e.g. 2.5.",
    ),
    # widgets
    "required_mark": ("wajib diisi", "required"),
    "date_placeholder": ("hh/bb/tttt", "dd/mm/yyyy"),
    "time_placeholder": ("jj:mm", "hh:mm"),
    "calendar": ("Kalender", "Calendar"),
    "clear_choice": ("Batalkan pilihan", "Clear choice"),
    "choose": ("— pilih —", "— choose —"),
    "acknowledge": ("Ya, saya pastikan", "Yes, I confirm"),
    "zone": ("Zona waktu: {zone}", "Time zone: {zone}"),
    "row": ("{label} {n}", "{label} {n}"),
    "add_row": ("Tambah {label}", "Add {label}"),
    "remove_row": ("Hapus {label} {n}", "Remove {label} {n}"),
    "no_rows": (
        "Belum ada baris. Tekan tombol Tambah jika ada yang perlu dicatat.",
        "No rows yet. Press the Add button if there is something to record.",
    ),
    "remove_title": ("Hapus baris?", "Remove the row?"),
    "remove_question": (
        "Hapus {label} {n} beserta semua isiannya?",
        "Remove {label} {n} with everything filled in?",
    ),
    "remove_yes": ("Hapus", "Remove"),
    "keep": ("Jangan hapus", "Keep it"),
    # page footer
    "still_needed": (
        "Untuk lanjut, isi atau betulkan: {fields}",
        "To continue, fill in or correct: {fields}",
    ),
    "page_ok": (
        "Halaman ini lengkap. Tekan Enter atau Lanjut.",
        "This page is complete. Press Enter or Next.",
    ),
    "step": ("Langkah {n} dari {total}", "Step {n} of {total}"),
    # buttons
    "next": ("Lanjut >", "Next >"),
    "back": ("< Kembali", "< Back"),
    "next_tip": ("Ke halaman berikutnya (Enter atau Alt+→)", "To the next page (Enter or Alt+→)"),
    "back_tip": ("Ke halaman sebelumnya (Alt+←)", "To the previous page (Alt+←)"),
    "cancel": ("Tutup", "Close"),
    "finish": ("Simpan", "Save"),
    "close_after_save": ("Tutup", "Close"),
    "other_language": ("English", "Bahasa Indonesia"),
    "other_language_tip": (
        "Tampilkan formulir dalam bahasa Inggris",
        "Show the form in Bahasa Indonesia",
    ),
    # review
    "review_title": ("Periksa sebelum menyimpan", "Check before saving"),
    "review_subtitle": (
        "Ini semua jawaban yang akan disimpan. Klik 'Ubah' untuk membetulkan halaman, lalu "
        "tekan Simpan.",
        "These are all the answers that will be saved. Click 'Edit' to correct a page, "
        "then press Save.",
    ),
    "review_edit": ("Ubah", "Edit"),
    "review_empty": ("Belum ada jawaban.", "No answers yet."),
    "review_problems": (
        "Masih ada isian yang perlu dibetulkan di: {pages}. Kembali ke halaman itu dulu.",
        "Some fields still need fixing on: {pages}. Go back to that page first.",
    ),
    # saving
    "saving": ("Menyimpan…", "Saving…"),
    "saved": (
        "Tersimpan. Kode kasus: {code}. Tekan Tutup untuk kembali ke daftar kasus.",
        "Saved. Case code: {code}. Press Close to go back to the case list.",
    ),
    "saved_nothing": (
        "Tidak ada perubahan; tidak ada yang perlu disimpan.",
        "Nothing changed; there was nothing to save.",
    ),
    "save_failed": (
        "Belum tersimpan: {error} Jawaban Anda tetap ada sebagai draf; coba Simpan lagi.",
        "Not saved: {error} Your answers are kept as a draft; try Save again.",
    ),
    "draft_saved": ("Draf tersimpan {time}", "Draft saved {time}"),
    "draft_failed": (
        "Draf belum tersimpan: {error}",
        "The draft was not saved: {error}",
    ),
    # closing
    "close_title": ("Tutup formulir?", "Close the form?"),
    "close_question": (
        "Jawaban Anda disimpan sebagai draf di brankas terenkripsi. Anda bisa melanjutkannya "
        "nanti lewat 'Lanjutkan draf' di jendela utama.",
        "Your answers are kept as a draft in the encrypted vault. You can continue later "
        "with 'Resume draft' in the main window.",
    ),
    "close_yes": ("Tutup, simpan draf", "Close, keep the draft"),
    "close_no": ("Lanjut mengisi", "Keep filling in"),
    "new_case": ("Kasus baru", "New case"),
    # the drafts list (main window; in the app's current language)
    "drafts_title": ("Lanjutkan draf", "Resume draft"),
    "drafts_intro": (
        "Formulir yang belum selesai, tersimpan terenkripsi di brankas. Pilih satu lalu tekan "
        "Lanjutkan.",
        "Unfinished forms, kept encrypted in the vault. Choose one and press Resume.",
    ),
    "drafts_none": ("Tidak ada draf yang belum selesai.", "There are no unfinished drafts."),
    "resume": ("Lanjutkan", "Resume"),
    "delete_draft": ("Hapus draf", "Delete draft"),
    "delete_draft_title": ("Hapus draf?", "Delete the draft?"),
    "delete_draft_question": (
        "Jawaban di draf ini akan hilang dan tidak bisa dikembalikan.",
        "The answers in this draft will be lost and cannot be recovered.",
    ),
    "draft_where": ("halaman {page} dari {pages}", "page {page} of {pages}"),
    "draft_when": ("disimpan {time}", "saved {time}"),
    "close": ("Tutup", "Close"),
    "open_failed": ("Draf tidak bisa dibuka: {error}", "The draft could not be opened: {error}"),
    "case_code": ("Kasus {code}", "Case {code}"),
}


def text(key: str, language: str = "id", **values: object) -> str:
    """The text for ``key`` in ``language`` (Indonesian unless "en"), formatted."""
    pair = _TEXTS[key]
    chosen = pair[1] if language == "en" else pair[0]
    return chosen.format(**values) if values else chosen


def current_text(key: str, **values: object) -> str:
    """In the app's current language, for windows that are not a form (drafts list…)."""
    return text(key, i18n.current(), **values)

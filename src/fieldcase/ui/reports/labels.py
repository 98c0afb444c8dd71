"""The words of the reporting windows, in Bahasa Indonesia and English (``fieldcase.i18n``).

Printed documents (the monthly report, the conference summary) stay in
Bahasa Indonesia whatever the screen language: they go to Indonesian
institutions. Only what is shown on screen lives here.
"""

from __future__ import annotations

from fieldcase.i18n import Texts

T = Texts(
    TAB=("Statistik", "Statistics"),
    TITLE=("Statistik kasus (tanpa identitas)", "Case statistics (de-identified)"),
    REGION=("Wilayah", "Region"),
    ALL_REGIONS=("Semua wilayah", "All regions"),
    FROM=("Dari bulan", "From month"),
    TO=("Sampai bulan", "To month"),
    REFRESH=("Tampilkan", "Show"),
    REFRESH_TIP=(
        "Hitung ulang statistik untuk wilayah dan bulan yang dipilih.",
        "Recount the statistics for the chosen region and months.",
    ),
    COUNTING=("Menghitung statistik…", "Counting the statistics…"),
    SUMMARY=(
        "{cases} kasus · {region} · {first} sampai {last}",
        "{cases} cases · {region} · {first} to {last}",
    ),
    SMALL_NOTE=(
        "Angka 1–4 ditampilkan sebagai <5 tanpa batang, dan * menyembunyikan angka yang dapat "
        "membuka angka <5. Setiap batang diberi angkanya.",
        "Counts of 1–4 are shown as <5 without a bar, and * hides a count that would reveal a "
        "<5. Every bar carries its number.",
    ),
    NO_DATA=("Tidak ada data untuk pilihan ini.", "No data for this selection."),
    SAVE_PNG=("Simpan PNG", "Save PNG"),
    SAVE_PNG_TIP=(
        "Simpan grafik ini sebagai gambar PNG (tercatat di log audit).",
        "Save this chart as a PNG image (recorded in the audit log).",
    ),
    SAVE_PNG_TITLE=("Simpan grafik sebagai PNG", "Save chart as PNG"),
    PNG_FILTER=("Gambar PNG (*.png)", "PNG image (*.png)"),
    PDF_FILTER=("Dokumen PDF (*.pdf)", "PDF document (*.pdf)"),
    MONTHLY_PDF=("Unduh laporan bulanan (PDF)", "Download monthly report (PDF)"),
    MONTHLY_PDF_TIP=(
        "Laporan bulan terakhir yang dipilih ({month}) untuk wilayah yang dipilih, dalam "
        "Bahasa Indonesia (tercatat di log audit).",
        "The report of the last chosen month ({month}) for the chosen region, in Bahasa "
        "Indonesia (recorded in the audit log).",
    ),
    MONTHLY_PDF_TITLE=("Simpan laporan bulanan", "Save the monthly report"),
    STREAM=("Layanan", "Service"),
    SAVED=("Tersimpan: {name}", "Saved: {name}"),
    WORKING=("Menyiapkan {name}…", "Preparing {name}…"),
    SUPERVISOR_ONLY=(
        "Statistik dan ekspor hanya untuk supervisor. Minta supervisor tim Anda.",
        "Statistics and exports are for the supervisor only. Ask your team's supervisor.",
    ),
    CONFERENCE_PDF=("Ringkasan konferensi (PDF)", "Conference summary (PDF)"),
    CONFERENCE_PDF_TIP=(
        "Ringkasan kasus ini untuk konferensi kasus. BERISI IDENTITAS ANAK: simpan di tempat "
        "aman, jangan kirim lewat grup percakapan. Tercatat di log audit.",
        "This case's summary for a case conference. CONTAINS THE CHILD'S IDENTITY: keep it "
        "safe, never send it through a chat group. Recorded in the audit log.",
    ),
    CONFERENCE_PDF_TITLE=(
        "Simpan ringkasan konferensi kasus (berisi identitas)",
        "Save the case-conference summary (identifying)",
    ),
    CONFERENCE_SAVED=(
        "Ringkasan konferensi tersimpan: {name}. Berkas ini berisi identitas anak.",
        "Conference summary saved: {name}. This file identifies the child.",
    ),
    ERROR_TITLE=("Tidak dapat membuat berkas", "Could not produce the file"),
)

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
    # --- the export dialog (exports.py) ---
    EXPORTS=("Ekspor data…", "Export data…"),
    EXPORTS_TIP=(
        "Tabel kasus tanpa identitas (CSV/XLSX), tabel siap SIMFONI PPA dan model "
        "penganggaran (XLSX). Setiap ekspor tercatat di log audit.",
        "De-identified case table (CSV/XLSX), SIMFONI PPA-ready table and budgeting model "
        "(XLSX). Every export is recorded in the audit log.",
    ),
    EXPORTS_TITLE=("Ekspor data (tanpa identitas)", "Export data (de-identified)"),
    EXPORTS_INTRO=(
        "Berkas ini tidak berisi nama, alamat, kontak, nomor dokumen atau kronologi. Tanggal "
        "dibulatkan ke bulan dan umur menjadi kelompok umur. Tiap ekspor tercatat di log audit.",
        "These files hold no names, addresses, contacts, document numbers or narratives. Dates "
        "are rounded to the month and ages become age bands. Every export is recorded in the "
        "audit log.",
    ),
    CASES_GROUP=("Tabel kasus tanpa identitas", "De-identified case table"),
    CASES_HINT=(
        "Satu baris per kasus dengan kode kasus samaran yang tetap sama di setiap ekspor.",
        "One row per case, with a pseudonymous case code that stays the same in every export.",
    ),
    SINCE=("Hanya sejak bulan", "Only from month"),
    SAVE_CSV=("Simpan CSV…", "Save CSV…"),
    SAVE_XLSX=("Simpan XLSX…", "Save XLSX…"),
    CASES_CSV_TIP=(
        "Tabel kasus sebagai CSV (UTF-8, terbaca oleh Excel).",
        "The case table as CSV (UTF-8, opens in Excel).",
    ),
    CASES_XLSX_TIP=(
        "Tabel kasus sebagai buku kerja Excel.",
        "The case table as an Excel workbook.",
    ),
    SIMFONI_GROUP=("Tabel siap SIMFONI PPA", "SIMFONI PPA-ready table"),
    SIMFONI_HINT=(
        "Kasus yang diadukan pada bulan ini, dalam kategori pencatatan SIMFONI PPA (jenis "
        "kekerasan, hubungan pelaku, tempat kejadian, umur, jenis kelamin, layanan), satu "
        "baris per kasus.",
        "The cases reported in this month, in SIMFONI PPA's recording categories (violence "
        "type, perpetrator relationship, place, age, sex, services), one row per case.",
    ),
    MONTH=("Bulan pengaduan", "Complaint month"),
    BUDGET_GROUP=("Model penganggaran", "Budgeting model"),
    BUDGET_HINT=(
        "Biaya direncanakan dan diberikan per kasus, dengan total per wilayah, layanan dan bulan.",
        "Planned and delivered cost per case, with totals per region, service and month.",
    ),
    GROWTH=("Skenario: jumlah kasus naik", "Scenario: caseload grows by"),
    GROWTH_TIP=(
        "Semua total dikalikan (1 + X/100). Angka negatif untuk penurunan.",
        "Every total is multiplied by (1 + X/100). A negative number for a decrease.",
    ),
    COSTS_ADMIN=(
        "Biaya satuan: tabel yang disimpan admin tim.",
        "Unit costs: the table saved by the team admin.",
    ),
    COSTS_PLACEHOLDER=(
        "Biaya satuan: masih angka CONTOH, bukan biaya daerah. Minta admin tim mengisinya "
        "(Biaya satuan).",
        "Unit costs: still PLACEHOLDER figures, not the region's costs. Ask the team admin to "
        "fill them in (Unit costs).",
    ),
    COSTS_BROKEN=(
        "Tabel biaya satuan tidak dapat dibaca: {reason}",
        "The unit-cost table cannot be read: {reason}",
    ),
    CSV_FILTER=("Berkas CSV (*.csv)", "CSV file (*.csv)"),
    XLSX_FILTER=("Buku kerja Excel (*.xlsx)", "Excel workbook (*.xlsx)"),
    SAVE_CASES_TITLE=("Simpan tabel kasus tanpa identitas", "Save the de-identified case table"),
    SAVE_SIMFONI_TITLE=("Simpan tabel siap SIMFONI PPA", "Save the SIMFONI PPA-ready table"),
    SAVE_BUDGET_TITLE=("Simpan model penganggaran", "Save the budgeting model"),
    EXPORTED=(
        "Tersimpan: {name} ({rows} kasus). Tercatat di log audit.",
        "Saved: {name} ({rows} cases). Recorded in the audit log.",
    ),
    CLOSE=("Tutup", "Close"),
    # --- the unit-cost table (unitcosts.py) ---
    UNIT_COSTS=("Biaya satuan", "Unit costs"),
    UNIT_COSTS_TITLE=("Biaya satuan layanan per wilayah", "Unit cost per service and region"),
    UNIT_COSTS_INTRO=(
        "Biaya dalam Rupiah per kasus yang menerima layanan. Model penganggaran memakai tabel ini.",
        "Cost in rupiah per case that receives the service. The budgeting model uses this table.",
    ),
    UNIT_COSTS_TYPE=(
        "Klik dua kali sel atau mulai mengetik untuk mengubah; angka bulat, misalnya 1500000 "
        "atau 1.500.000.",
        "Double-click a cell or start typing to change it; whole numbers, e.g. 1500000 or "
        "1.500.000.",
    ),
    UNIT_COSTS_VIEW_ONLY=(
        "Hanya admin tim yang dapat mengubahnya.",
        "Only the team admin can change it.",
    ),
    PLACEHOLDER_BOX=(
        "Angka masih contoh (belum biaya daerah)",
        "These are still placeholder figures (not the region's costs)",
    ),
    PLACEHOLDER_TIP=(
        "Hapus centang setelah semua biaya diisi dengan angka daerah. Selama dicentang, "
        "model penganggaran memberi tanda PERHATIAN.",
        "Untick once every cost holds the region's real figure. While ticked, the budgeting "
        "model carries a WARNING.",
    ),
    RESET_COSTS=("Kembalikan ke contoh bawaan", "Reset to shipped placeholders"),
    RESET_TIP=(
        "Isi tabel dengan angka contoh bawaan aplikasi. Belum tersimpan sampai Anda menekan "
        "Simpan.",
        "Fill the table with the app's shipped placeholder figures. Not saved until you press "
        "Save.",
    ),
    SAVE=("Simpan", "Save"),
    COSTS_SAVED=("Tabel biaya satuan tersimpan.", "The unit-cost table was saved."),
    COSTS_SHIPPED=(
        "Tersimpan: aplikasi kembali memakai angka contoh bawaan.",
        "Saved: the app uses the shipped placeholder figures again.",
    ),
    COSTS_UNSAVED=("Ada perubahan yang belum disimpan.", "There are unsaved changes."),
    COSTS_ERRORS=(
        "{count} sel belum benar (ditandai merah). Perbaiki dulu sebelum menyimpan. "
        "Pertama: {where}: {reason}",
        "{count} cells are not right yet (marked red). Fix them before saving. "
        "First: {where}: {reason}",
    ),
    COSTS_COPY_BROKEN=(
        "Salinan admin tidak dapat dibaca ({reason}). Tabel menampilkan angka contoh bawaan; "
        "Simpan akan menggantinya.",
        "The admin copy cannot be read ({reason}). The table shows the shipped placeholders; "
        "Save replaces it.",
    ),
    DISCARD_TITLE=("Buang perubahan?", "Discard changes?"),
    DISCARD=(
        "Perubahan pada tabel biaya satuan belum disimpan. Tutup tanpa menyimpan?",
        "The changes to the unit-cost table are not saved. Close without saving?",
    ),
    NOT_ALLOWED=("Tidak diizinkan", "Not allowed"),
)

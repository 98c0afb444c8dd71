"""Every word of the referral windows, in Bahasa Indonesia and English (fieldcase.i18n)."""

from __future__ import annotations

from fieldcase.i18n import Texts

T = Texts(
    REFER_TITLE=("Rujukan baru — kasus {code}", "New referral — case {code}"),
    REGION=("&Wilayah", "&Region"),
    TYPE=("&Jenis lembaga", "Institution &type"),
    INSTITUTION=("&Lembaga penerima", "Receiving &institution"),
    PLACEHOLDER_NOTE=(
        "⚠ Kontak lembaga ini masih contoh; admin dapat mengisinya di Direktori layanan.",
        "⚠ This institution's contacts are placeholders; an admin can fill them in the "
        "Service directory.",
    ),
    STREAM=("La&yanan", "Ser&vice"),
    PURPOSES=("T&ujuan rujukan", "P&urposes"),
    NEEDS=("Ke&butuhan / keterangan", "What is &needed"),
    NEEDS_HINT=(
        "Singkat, tanpa kronologi: misalnya butuh pendamping perempuan, penerjemah.",
        "Short, no chronology: e.g. needs a female escort, an interpreter.",
    ),
    SENT_ON=("Tanggal &dikirim", "&Date sent"),
    CONSENT=("Persetujuan", "Consent"),
    CONSENT_OK=(
        "✓ Persetujuan {form} tanggal {day} berlaku untuk lembaga dan layanan ini.",
        "✓ {form} consent of {day} is in force for this institution and service.",
    ),
    CONSENT_MISSING=(
        "✗ Belum ada persetujuan untuk lembaga dan layanan ini: rujukan diblokir.",
        "✗ No consent for this institution and service: referral blocked.",
    ),
    CONSENT_WITHDRAWN=(
        "✗ Persetujuan untuk lembaga ini sudah ditarik: rujukan diblokir.",
        "✗ Consent for this institution was withdrawn: referral blocked.",
    ),
    CONSENT_NOT_NEEDED=(
        "Pemberitahuan wajib: dicatat sebagai kewajiban hukum, bukan persetujuan.",
        "Mandatory notification: recorded as a legal duty, not as consent.",
    ),
    RECORD_CONSENT=("Catat &persetujuan…", "Record &consent…"),
    MANDATORY=(
        "Pe&mberitahuan wajib menurut undang-undang (tanpa persetujuan)",
        "&Mandatory notification required by law (no consent)",
    ),
    LEGAL_BASIS=("Dasar &hukum", "Legal &basis"),
    LEGAL_OTHER=("Aturan lain", "Other rule"),
    SEND=("&Kirim rujukan", "&Send referral"),
    LETTER=("Buat &surat rujukan (PDF)", "Make referral &letter (PDF)"),
    CLOSE=("&Tutup", "Cl&ose"),
    SENT_OK=(
        "Rujukan #{n} tersimpan sebagai 'dikirim'. Buat surat rujukannya sekarang.",
        "Referral #{n} saved as 'sent'. Make its letter now.",
    ),
    LETTER_SAVE=("Simpan surat rujukan", "Save the referral letter"),
    LETTER_OK=(
        "Surat rujukan tersimpan: {name}. Kirim lewat jalur yang aman, bukan grup percakapan.",
        "Referral letter saved: {name}. Send it through a secure channel, never a group chat.",
    ),
    PDF_FILTER=("PDF (*.pdf)", "PDF (*.pdf)"),
    # consent dialog
    CONSENT_TITLE=("Catat persetujuan — {name}", "Record consent — {name}"),
    CONSENT_RULE_0_5=(
        "Anak 0–5 tahun: orang tua atau pengasuh memberi persetujuan.",
        "Child aged 0–5: the parent or caregiver consents.",
    ),
    CONSENT_RULE_6_11=(
        "Anak 6–11 tahun: pengasuh memberi persetujuan dan anak memberi kesediaan (asentimen).",
        "Child aged 6–11: the caregiver consents and the child assents.",
    ),
    CONSENT_RULE_12_14=(
        "Anak 12–14 tahun: anak memberi asentimen dan pengasuh (atau orang dewasa lain yang "
        "dipercaya anak, bila pengasuh pelaku) memberi persetujuan.",
        "Child aged 12–14: the child assents and the caregiver (or another trusted adult, if "
        "the caregiver is the perpetrator) consents.",
    ),
    CONSENT_RULE_15_17=(
        "Anak 15–17 tahun: anak yang cukup matang boleh memberi persetujuan sendiri.",
        "Child aged 15–17: a mature child may consent alone.",
    ),
    CONSENT_RULE_UNKNOWN=(
        "Umur anak belum diketahui: minta persetujuan anak dan orang tua/wali.",
        "The child's age is not known: ask the child and the parent/guardian.",
    ),
    CHILD_ANSWER=("&Anak (asentimen / persetujuan)", "&Child (assent / consent)"),
    ADULT_ANSWER=("&Orang tua / wali", "&Parent / guardian"),
    GIVER=("&Siapa orang dewasanya", "&Which adult"),
    MATURE=(
        "Anak 15–17 tahun cukup matan&g untuk memutuskan sendiri",
        "The 15–17-year-old is &mature enough to decide alone",
    ),
    FORM=("&Bentuk", "&Form"),
    GIVEN_ON=("&Tanggal", "&Date"),
    SCOPE=("&Cakupan (layanan)", "&Scope (services)"),
    SAVE_CONSENT=("Si&mpan persetujuan", "Sa&ve consent"),
    CANCEL=("Bata&l", "Cance&l"),
    ANSWER_GIVEN=("Diberikan", "Given"),
    ANSWER_REFUSED=("Ditolak", "Refused"),
    ANSWER_NOT_ASKED=("Tidak diminta (tidak perlu)", "Not asked (not needed)"),
    GIVER_PARENT=("Orang tua", "Parent"),
    GIVER_GUARDIAN=("Wali / pengasuh", "Guardian / caregiver"),
    GIVER_TRUSTED=("Orang dewasa lain yang dipercaya anak", "Another adult the child trusts"),
    FORM_WRITTEN=("Tertulis", "Written"),
    FORM_VERBAL=("Lisan (dicatat petugas)", "Verbal (recorded by the worker)"),
    # status dialog
    STATUS_TITLE=("Status rujukan #{n} — {name}", "Referral #{n} status — {name}"),
    STATUS_NOW=("Status sekarang: {status}", "Current status: {status}"),
    NEW_STATUS=("Status &baru", "&New status"),
    STATUS_ON=("&Tanggal", "&Date"),
    REASON=("&Alasan ditolak", "&Reason for declining"),
    REASON_HINT=(
        "Alasan dari lembaga penerima; lalu buat rujukan baru ke lembaga lain.",
        "The institution's reason; then refer to another institution.",
    ),
    SAVE_STATUS=("&Simpan status", "&Save status"),
    FINAL=(
        "Rujukan ini sudah {status}; statusnya tidak berubah lagi.",
        "This referral is {status}; its status no longer changes.",
    ),
    STATUS_dikirim=("Dikirim", "Sent"),
    STATUS_diterima=("Diterima", "Accepted"),
    STATUS_ditolak=("Ditolak", "Declined"),
    STATUS_selesai=("Selesai", "Completed"),
    # directory editor
    DIR_TITLE=("Direktori layanan", "Service directory"),
    DIR_INTRO=(
        "Lembaga penerima rujukan per wilayah. Kontak bertanda ⚠ masih contoh: isi dengan "
        "kontak yang benar. Perubahan disimpan di laptop ini.",
        "Receiving institutions per region. Contacts marked ⚠ are placeholders: fill in the "
        "real ones. Changes are saved on this laptop.",
    ),
    DIR_NAME=("&Nama", "&Name"),
    DIR_ADDRESS=("&Alamat", "&Address"),
    DIR_PHONE=("Tele&pon", "&Phone"),
    DIR_EMAIL=("&Email", "&E-mail"),
    DIR_CONTACT=("Nara&hubung", "&Contact person"),
    DIR_PLACEHOLDER=("Kontak masih &contoh", "Contacts are place&holders"),
    DIR_NEW=("Tam&bah lembaga", "A&dd institution"),
    DIR_SAVE=("&Simpan", "&Save"),
    DIR_REMOVE=("Hap&us", "Re&move"),
    DIR_SAVED=("Tersimpan.", "Saved."),
    DIR_REMOVED=("Dihapus.", "Removed."),
    DIR_NEW_NAME=("Lembaga baru", "New institution"),
)


def status_text(status: str | None) -> str:
    """A referral status code in the current language (unknown codes as they are)."""
    if status is None:
        return "—"
    try:
        return str(getattr(T, f"STATUS_{status}"))
    except AttributeError:
        return status

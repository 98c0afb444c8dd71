"""Small forms for the wizard tests, written as markdown XLSForms (read by the real loader)."""

from __future__ import annotations

from fieldcase.forms import Form, load_form_data

_HEADER = (
    "| | type | name | label::Bahasa Indonesia (id) | label::English (en) | relevant"
    " | calculation | constraint | constraint_message::Bahasa Indonesia (id) | required"
    " | default | choice_filter | appearance |"
)


def _table(rows: list[tuple[str, ...]]) -> str:
    lines = ["| survey |", _HEADER]
    for cells in rows:
        padded = [*cells, *([""] * (12 - len(cells)))]
        lines.append("| | " + " | ".join(padded) + " |")
    return "\n".join(lines)


SURVEY: list[tuple[str, ...]] = [
    # type, name, label id, label en, relevant, calculation, constraint, message, required,
    # default, choice_filter, appearance
    ("calculate", "peran_pengguna", "", "", "", "''"),
    ("begin_group", "hal_a", "Halaman A", "Page A", "", "", "", "", "", "", "", "field-list"),
    ("integer", "umur", "Umur", "Age", "", "", ". >= 0 and . <= 17", "Umur 0-17", "yes"),
    ("calculate", "dua_kali", "", "", "", "${umur} * 2"),
    ("calculate", "empat_kali", "", "", "", "${dua_kali} * 2"),
    ("note", "catatan_umur", "Umur ${umur}, dua kali ${dua_kali}", "Age ${umur}"),
    ("select_one ya_tidak", "punya_kakak", "Punya kakak?", "Has siblings?"),
    ("text", "nama_kakak", "Nama kakak", "Sibling", "${punya_kakak} = 'ya'", "", "", "", "yes"),
    ("select_multiple kekerasan", "kekerasan", "Kekerasan", "Violence"),
    (
        "select_one layanan",
        "layanan",
        "Layanan",
        "Service",
        "",
        "",
        "",
        "",
        "",
        "",
        "name != 'mediasi' or not(selected(${kekerasan}, 'seksual'))",
    ),
    ("select_one ya_tidak or_other", "pilihan", "Pilihan", "Choice"),
    ("end_group",),
    ("begin_group", "hal_b", "Halaman B", "Page B", "", "", "", "", "", "", "", "field-list"),
    ("begin_repeat", "anak", "Anak", "Child"),
    ("text", "nama_anak", "Nama anak", "Child's name", "", "", "", "", "yes"),
    ("integer", "umur_anak", "Umur anak", "Child's age"),
    ("calculate", "umur_anak_plus", "", "", "", "${umur_anak} + ${umur}"),
    ("text", "catatan_anak", "Catatan", "Note", "${umur_anak} > 10"),
    ("end_repeat",),
    ("calculate", "jumlah_anak", "", "", "", "count(${anak})"),
    ("date", "tanggal", "Tanggal", "Date", "", "", "", "", "", "today()"),
    ("datetime", "waktu", "Waktu", "Time", "", "", "", "", "", "now()"),
    ("text", "peran", "Peran", "Role", "", "", "", "", "", "${peran_pengguna}"),
    ("end_group",),
]

CHOICES = """
| choices |
| | list_name | name | label::Bahasa Indonesia (id) | label::English (en) |
| | ya_tidak | ya | Ya | Yes |
| | ya_tidak | tidak | Tidak | No |
| | kekerasan | fisik | Fisik | Physical |
| | kekerasan | seksual | Seksual | Sexual |
| | layanan | kesehatan | Kesehatan | Health |
| | layanan | mediasi | Mediasi | Mediation |

| settings |
| | form_id | version | form_title | default_language |
| | uji | 1 | Uji | Bahasa Indonesia (id) |
"""


def small_form() -> Form:
    return load_form_data(_table(SURVEY) + "\n" + CHOICES, "uji.md")

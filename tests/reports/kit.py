"""A demo vault for report tests: demo cases plus referral records, plan rows and canaries.

Every identifying value (names, aliases, addresses, contacts, document
numbers, narratives) is collected so the leak tests can search every output
for it. Narrative fields carry unique canary words that no output may contain.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from fieldcase.core.changes import JsonValue
from fieldcase.core.demo import demo_cases
from fieldcase.core.demo_services import RecordWords, add_service_records

IDENTIFYING_FIELDS = (
    "nama",
    "nama_panggilan",
    "pelapor_nama",
    "pelapor_kontak",
    "alamat",
    "kontak",
    "kontak_anak",
    "kronologi",
    "catatan",
    "nomor_registrasi",
    "nik",
    "no_kk",
    "lokasi_kejadian",
    "wilayah_lainnya",
    "tanggal_lahir",
    "waktu_pengaduan",
)
RECORD_IDENTIFYING = (
    "narahubung_penerima",
    "kontak_narahubung",
    "ringkasan_kronologi",
    "kondisi_keluarga",
    "nomor_lp",
    "nomor_visum",
    "kontak_sekolah",
)


@dataclass
class DemoVault:
    cases: list[dict[str, JsonValue]] = field(default_factory=list)
    #: Exact identifying strings (whole values) that must never appear in an output.
    secrets: set[str] = field(default_factory=set)


class CanaryWords(RecordWords):
    """Record texts with a unique canary word in each, so a leak names its field and case."""

    def contact_name(self, index: int) -> str:
        return f"Ibu Kanarinarahubung{index:04d}"

    def summary(self, index: int) -> str:
        return f"Ringkasan Kanariringkasan{index:04d}"

    def family(self, index: int) -> str:
        return f"Kanarikeluarga{index:04d} tinggal bersama nenek"

    def police_report(self, index: int, when: datetime) -> str:
        return f"LP/B/{index:04d}/KANARI/2026"

    def exam_number(self, index: int) -> str:
        return f"VER-KANARI-{index:04d}"

    def school_contact(self, index: int) -> str:
        return f"Guru Kanarisekolah{index:04d} 0812{index:06d}"

    def need(self, index: int) -> str:
        return f"Kanarikebutuhan{index:04d}"


def enriched_cases(count: int, seed: int = 7) -> Iterator[dict[str, JsonValue]]:
    """Demo cases with records of the real forms, and a canary in every free text.

    The records come from the app's own demo generator
    (:func:`fieldcase.core.demo_services.add_service_records`) with
    :class:`CanaryWords` as their texts.
    """
    rng = random.Random(seed)
    words = CanaryWords()
    for index, fields in enumerate(demo_cases(count)):
        fields["nik"] = f"{3171000000000000 + index}"
        fields["lokasi_kejadian"] = f"Kanarilokasi{index:04d} dekat pasar"
        fields["kronologi"] = f"{fields['kronologi']} Kanarinarasi{index:04d}"
        fields["catatan"] = f"{fields['catatan']} Kanaricatatan{index:04d}"
        if index % 17 == 0:
            fields["wilayah"] = "lainnya"
            fields["wilayah_lainnya"] = f"Desa Kanariwilayah{index:04d}"
        yield add_service_records(fields, index, rng, words)


def identifying_values(cases: list[dict[str, JsonValue]]) -> set[str]:
    """Every identifying value of the vault (and its canary words)."""
    found: set[str] = set()
    for fields in cases:
        for path, value in fields.items():
            name = path.rsplit(".", 1)[-1]
            identifying = name in IDENTIFYING_FIELDS or name in RECORD_IDENTIFYING
            if (identifying or name == "kebutuhan") and isinstance(value, str) and value:
                found.add(value)
                found.update(w for w in value.split() if w.startswith("Kanari"))
        found.add(str(fields["nama"]).split()[0] + " " + str(fields["nama"]).split()[1])
    return found

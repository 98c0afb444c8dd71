"""A demo vault for report tests: demo cases plus referral records, plan rows and canaries.

Every identifying value (names, aliases, addresses, contacts, document
numbers, narratives) is collected so the leak tests can search every output
for it. Narrative fields carry unique canary words that no output may contain.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fieldcase.core.changes import JsonValue
from fieldcase.core.demo import demo_cases

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


def enriched_cases(count: int, seed: int = 7) -> Iterator[dict[str, JsonValue]]:
    """Demo cases with records of the real forms, and a canary in every free text."""
    rng = random.Random(seed)
    for index, fields in enumerate(demo_cases(count)):
        received = datetime.fromisoformat(str(fields["waktu_pengaduan"]))
        fields["nik"] = f"{3171000000000000 + index}"
        fields["lokasi_kejadian"] = f"Kanarilokasi{index:04d} dekat pasar"
        fields["kronologi"] = f"{fields['kronologi']} Kanarinarasi{index:04d}"
        fields["catatan"] = f"{fields['catatan']} Kanaricatatan{index:04d}"
        if index % 17 == 0:
            fields["wilayah"] = "lainnya"
            fields["wilayah_lainnya"] = f"Desa Kanariwilayah{index:04d}"
        n = 0
        later = {
            "lp": received + timedelta(hours=rng.randrange(1, 120)),
            "exam": received + timedelta(hours=rng.randrange(2, 100)),
            "shelter": received + timedelta(days=rng.randrange(0, 20)),
            "school": received + timedelta(days=rng.randrange(20, 200)),
        }
        streams: list[tuple[str, dict[str, str]]] = [
            (
                "hukum",
                {
                    "tanggal_lp": later["lp"].date().isoformat(),
                    "nomor_lp": f"LP/B/{index:04d}/KANARI/2026",
                },
            ),
            (
                "kesehatan",
                {
                    "waktu_pemeriksaan": later["exam"].isoformat(timespec="minutes"),
                    "nomor_visum": f"VER-KANARI-{index:04d}",
                },
            ),
            ("rumah_aman", {"tanggal_masuk_rumah_aman": later["shelter"].date().isoformat()}),
            (
                "reintegrasi_pendidikan",
                {
                    "status_sekolah": rng.choice(
                        ("kembali_sekolah_asal", "kejar_paket", "belum_sekolah")
                    ),
                    "tanggal_dukungan_pendidikan": later["school"].date().isoformat(),
                    "kontak_sekolah": f"Guru Kanarisekolah{index:04d} 0812{index:06d}",
                },
            ),
        ]
        for stream, extra in streams:
            if rng.random() < 0.5:
                continue
            n += 1
            prefix = f"rujukan[{n}]."
            fields[prefix + "layanan_rujukan"] = stream
            fields[prefix + "status_rujukan"] = rng.choice(("dikirim", "diterima", "selesai"))
            fields[prefix + "tanggal_dikirim"] = received.date().isoformat()
            fields[prefix + "narahubung_penerima"] = f"Ibu Kanarinarahubung{index:04d}"
            fields[prefix + "kontak_narahubung"] = f"0813{index:06d}{n}"
            fields[prefix + "ringkasan_kronologi"] = f"Ringkasan Kanariringkasan{index:04d}"
            fields[prefix + "kondisi_keluarga"] = f"Kanarikeluarga{index:04d} tinggal bersama nenek"
            for key, value in extra.items():
                fields[prefix + key] = value
        if rng.random() < 0.5:
            fields["rencana[1].layanan"] = rng.choice(("psikologis", "restitusi", "bantuan_hukum"))
            fields["rencana[1].status_rencana"] = "direncanakan"
            fields["rencana[1].kebutuhan"] = f"Kanarikebutuhan{index:04d}"
        yield fields


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

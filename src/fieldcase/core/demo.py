"""Fictional cases for training accounts and benchmarks (deterministic).

Every generated case is marked ``pelatihan = True`` so it shows as training
data everywhere. Names are common Indonesian given names combined at random:
no real person is described. About 40 fields and ~2 KB per case, with the
field names of PROCEDURE.md's forms.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from fieldcase.core.changes import JsonValue

REGIONS = ("Medan", "Batam", "DKI Jakarta", "Solo", "Surabaya", "Bali", "Lombok", "Indramayu")
STAGES = (
    "penerimaan_pengaduan",
    "penjangkauan",
    "asesmen",
    "rencana_layanan",
    "rujukan_layanan",
    "pemantauan",
    "reintegrasi",
    "terminasi",
)
SERVICE_STREAMS = (
    "hukum",
    "kesehatan",
    "psikologis",
    "lpsk",
    "restitusi",
    "rehabilitasi_sosial",
    "rumah_aman",
    "pendidikan",
)
SERVICE_STATUSES = ("belum", "direncanakan", "dirujuk", "berjalan", "selesai")
CHANNELS = (
    "datang_langsung",
    "telepon_hotline",
    "whatsapp",
    "surat_email",
    "laporan_pihak_lain",
    "hasil_penjangkauan",
    "rujukan_masuk",
    "pelimpahan",
)
ESA_FORMS = (
    "perdagangan_seksual",
    "eksploitasi_prostitusi",
    "csam",
    "esa_perjalanan_pariwisata",
    "perkawinan_anak",
    "grooming_daring",
    "sextortion",
    "siaran_langsung",
    "konten_buatan_sendiri",
)
VIOLENCE_TYPES = ("fisik", "psikis", "seksual", "eksploitasi", "trafficking", "penelantaran")
PLACES = ("rumah_tangga", "sekolah", "fasilitas_umum", "tempat_kerja", "daring", "lainnya")
RELATIONS = (
    "orang_tua",
    "keluarga_saudara",
    "pacar_teman",
    "tetangga",
    "guru",
    "majikan",
    "lainnya",
    "tidak_diketahui",
)
_GIVEN = (
    "Siti", "Dewi", "Putri", "Ayu", "Rina", "Wulan", "Indah", "Nur", "Fitri", "Sri",
    "Ani", "Lestari", "Rahma", "Intan", "Mega", "Budi", "Agus", "Rizky", "Dimas", "Andi",
    "Bayu", "Fajar", "Yoga", "Made", "Ketut", "Nyoman", "Wayan", "Lalu", "Baiq", "Dian",
)  # fmt: skip
_FAMILY = (
    "Lestari", "Sari", "Wati", "Rahayu", "Handayani", "Susanti", "Pratama", "Saputra",
    "Hidayat", "Nugroho", "Siregar", "Nasution", "Lubis", "Harahap", "Simanjuntak",
    "Wijaya", "Santoso", "Kurniawan", "Putra", "Utami",
)  # fmt: skip
_STREETS = ("Jl. Melati", "Jl. Kenanga", "Jl. Mawar", "Gg. Kamboja", "Jl. Cempaka", "Jl. Anggrek")
_SENTENCES = (
    "Anak dilaporkan oleh tetangga setelah beberapa kali terlihat pulang larut malam.",
    "Pelapor menyebut ada orang dewasa yang menghubungi anak melalui media sosial.",
    "Anak menyampaikan bahwa ia dijanjikan pekerjaan di kota lain oleh seorang kenalan.",
    "Keluarga belum mengetahui sepenuhnya kejadian dan membutuhkan pendampingan.",
    "Petugas penjangkauan bertemu anak di lokasi yang disepakati bersama pendamping.",
    "Anak tampak cemas dan meminta agar identitasnya tidak disebarkan.",
    "Sekolah melaporkan anak tidak masuk selama tiga minggu berturut-turut.",
    "Ada dugaan konten anak disebarkan di grup percakapan daring.",
    "Anak bersedia menjalani pemeriksaan kesehatan dengan didampingi ibunya.",
    "Pendamping menjelaskan hak-hak anak dan pilihan layanan yang tersedia.",
)  # fmt: skip


def demo_cases(count: int, seed: int = 20261127) -> Iterator[dict[str, JsonValue]]:
    """Yield ``count`` fictional cases; the same seed gives the same cases."""
    rng = random.Random(seed)  # noqa: S311  (fiction, not secrets: must be repeatable)
    base = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    for index in range(count):
        yield _one_case(rng, base, index)


def _one_case(rng: random.Random, base: datetime, index: int) -> dict[str, JsonValue]:
    received = base + timedelta(minutes=rng.randrange(0, 60 * 24 * 320))
    incident = received - timedelta(days=rng.randrange(0, 60))
    age = rng.randrange(6, 18)
    stage_index = rng.randrange(len(STAGES))
    sex = rng.choice(("perempuan", "laki_laki"))
    given = rng.choice(_GIVEN)
    name = f"{given} {rng.choice(_FAMILY)}"
    narrative = " ".join(rng.choice(_SENTENCES) for _ in range(rng.randrange(10, 16)))
    notes = " ".join(rng.choice(_SENTENCES) for _ in range(2))
    fields: dict[str, JsonValue] = {
        "pelatihan": True,
        "nomor_registrasi": f"LATIHAN-{received:%Y%m}-{index + 1:05d}",
        "waktu_pengaduan": received.isoformat(timespec="minutes"),
        "jalur": rng.choice(CHANNELS),
        "pelapor_nama": f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}",
        "pelapor_hubungan": rng.choice(("ibu", "ayah", "guru", "tetangga", "kakak", "lainnya")),
        "pelapor_kontak": f"08{rng.randrange(10**9, 10**10)}",
        "nama": name,
        "nama_panggilan": given[:3] + rng.choice(("i", "y", "ng", "t")),
        "tanggal_lahir": (received - timedelta(days=365 * age + rng.randrange(365)))
        .date()
        .isoformat(),
        "umur": age,
        "jenis_kelamin": sex,
        "pendidikan": rng.choice(("sd", "smp", "sma_smk", "tidak_sekolah")),
        "alamat": f"{rng.choice(_STREETS)} No. {rng.randrange(1, 200)}",
        "kontak": f"08{rng.randrange(10**9, 10**10)}",
        "disabilitas": rng.random() < 0.08,
        "jenis_kasus": rng.choice(("KTA", "AMPK")),
        "jenis_kekerasan": sorted(rng.sample(VIOLENCE_TYPES, rng.randrange(1, 4))),
        "bentuk_esa": sorted(rng.sample(ESA_FORMS, rng.randrange(1, 3))),
        "kronologi": narrative,
        "catatan": notes,
        "tanggal_kejadian": incident.date().isoformat(),
        "tempat_kejadian": rng.choice(PLACES),
        "hubungan_pelaku": sorted(rng.sample(RELATIONS, rng.randrange(1, 3))),
        "tingkat_risiko": rng.choice(("tinggi", "sedang", "rendah")),
        "kewenangan": rng.choice(("kabupaten_kota", "kabupaten_kota", "provinsi", "pusat")),
        "wilayah": rng.choice(REGIONS),
        "tahap": STAGES[stage_index],
        "status": "ditutup" if STAGES[stage_index] == "terminasi" else "aktif",
        "petugas": f"Pendamping {rng.randrange(1, 25):02d}",
    }
    for stream in SERVICE_STREAMS:
        reached = stage_index >= 4
        fields[f"layanan_{stream}"] = rng.choice(SERVICE_STATUSES if reached else ("belum",))
    fields["persetujuan_berbagi"] = rng.random() < 0.9
    fields["tanggal_laporan_polisi"] = (
        (received + timedelta(hours=rng.randrange(4, 96))).isoformat(timespec="minutes")
        if stage_index >= 4
        else None
    )
    return fields

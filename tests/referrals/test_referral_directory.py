"""The service directory: the shipped files load, bad input is named, the overlay applies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldcase.referrals.catalog import REGION_LABELS, TYPE_BY_ID
from fieldcase.referrals.directory import (
    COLUMNS,
    DirectoryError,
    Institution,
    edited,
    load_builtin,
    load_directory,
    load_overlay,
    overlay_path,
    removed,
    save_overlay,
)

HEADER = ",".join(COLUMNS)
ROW = "lombok-x,puskesmas,Puskesmas Contoh,[ISI alamat],[ISI telepon],,,ya"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_region_has_every_institution_type_with_placeholder_contacts() -> None:
    directory = load_directory()
    assert directory.regions() == list(REGION_LABELS)
    for region in REGION_LABELS:
        assert directory.types_in(region) == list(TYPE_BY_ID)
    assert all(i.placeholder for i in directory.institutions)
    # No real phone numbers ship: every contact is a marked placeholder.
    assert all(i.phone.startswith("[ISI") for i in directory.institutions)


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("id,nama\n" + ROW, "baris 1", "judul kolom"),
        (HEADER + "\n" + ROW.replace("puskesmas", "klinik"), "baris 2", "klinik"),
        (HEADER + "\n" + ROW + "\n" + ROW, "baris 3", "sudah dipakai di baris 2"),
        (HEADER + "\n" + ROW.replace("lombok-x", "Lombok X"), "baris 2", "id 'Lombok X'"),
        (HEADER + "\n" + ROW.replace(",ya", ",mungkin"), "baris 2", "contoh"),
        (HEADER + "\n" + ROW.replace("Puskesmas Contoh", ""), "baris 2", "nama lembaga kosong"),
        (HEADER + "\nlombok-y,puskesmas,Satu", "baris 2", "3 kolom"),
        (HEADER + "\n\n" + ROW + ",extra", "baris 3", "9 kolom"),
    ],
)
def test_bad_csv_is_refused_with_file_and_line(
    tmp_path: Path, text: str, where: str, says: str
) -> None:
    write(tmp_path, "lombok.csv", text)
    with pytest.raises(DirectoryError) as caught:
        load_builtin(tmp_path)
    assert caught.value.source == "lombok.csv"
    assert caught.value.where == where
    assert says in str(caught.value)
    assert "Service directory 'lombok.csv'" in caught.value.message("en")


def test_a_file_not_named_after_a_region_and_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, "papua.csv", HEADER + "\n")
    with pytest.raises(DirectoryError, match=r"papua\.csv"):
        load_builtin(tmp_path)
    (tmp_path / "papua.csv").unlink()
    write(tmp_path, "bali.csv", HEADER + "\n" + ROW)
    write(tmp_path, "lombok.csv", HEADER + "\n" + ROW)
    with pytest.raises(DirectoryError, match=r"bali\.csv"):
        load_builtin(tmp_path)


def test_overlay_replaces_adds_and_removes_and_is_written_atomically(tmp_path: Path) -> None:
    directory = load_directory(tmp_path)
    puskesmas = directory.find("lombok", "puskesmas")[0]
    filled = Institution(
        puskesmas.id, "lombok", "puskesmas", "Puskesmas Karang Taliwang",
        "Jl. Contoh 1", "0370-000000", "", "dr. Contoh (kepala)", placeholder=False,
    )  # fmt: skip
    overlay = edited(directory, filled)
    save_overlay(tmp_path, overlay)
    directory = load_directory(tmp_path)
    overlay = removed(directory, "lombok-patbm")
    overlay = overlay.with_institution(
        Institution("lombok-lsm-2", "lombok", "lbh_lsm", "LSM Anak Lombok")
    )
    save_overlay(tmp_path, overlay)

    directory = load_directory(tmp_path)
    assert directory.get(puskesmas.id) == filled
    assert directory.get("lombok-patbm") is None
    assert directory.get("lombok-lsm-2") is not None
    assert len(directory.institutions) == 120  # one removed, one added
    assert not list(tmp_path.glob(".*.tmp"))  # no temp file left behind
    stored = json.loads(overlay_path(tmp_path).read_text(encoding="utf-8"))
    assert stored["removed"] == ["lombok-patbm"]

    # Removing an institution the admin added drops it from the overlay entirely.
    overlay = removed(directory, "lombok-lsm-2")
    assert "lombok-lsm-2" not in overlay.changed and "lombok-lsm-2" not in overlay.removed


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("{not json", "baris 1"),
        ('{"format": 2}', "berkas"),
        ('{"format": 1, "institutions": [{"id": "x"}]}', "entri 1"),
        (
            '{"format": 1, "institutions": [{"id": "x", "wilayah": "bali", "jenis": "psikolog",'
            ' "nama": "A", "telepon": 5}]}',
            "entri 1",
        ),
        ('{"format": 1, "removed": ["../etc"]}', "removed"),
    ],
)
def test_bad_overlay_is_refused_with_entry(tmp_path: Path, text: str, where: str) -> None:
    overlay_path(tmp_path).write_text(text, encoding="utf-8")
    with pytest.raises(DirectoryError) as caught:
        load_overlay(tmp_path)
    assert caught.value.where == where
    assert caught.value.source == "directory.json"

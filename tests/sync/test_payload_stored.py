"""Pushing stored payload text gives exactly the bytes of re-encoding the changes."""

from __future__ import annotations

from fieldcase.sync.payload import decode_changes, encode_changes, encode_stored_changes
from fieldcase.vault.session import Session


def test_stored_and_decoded_changes_encode_identically(session: Session) -> None:
    ids = session.cases.create_cases(
        [
            {"nama": 'Sélène "kutip"', "umur": 14, "tags": ["a", "b"], "kosong": None},
            {"catatan": "baris\nbaru", "nilai": 1.5, "ya": True},
        ]
    )
    session.cases.save(ids[0], {"umur": 15}, deletes=["tags"])
    decoded = [c for _, c in session.cases.changes_since(0, limit=100)]
    stored = [c for _, c in session.cases.stored_changes_since(0, limit=100)]
    assert len(decoded) == len(stored) == 3
    assert encode_stored_changes(stored) == encode_changes(decoded)
    assert decode_changes(encode_stored_changes(stored)) == decoded

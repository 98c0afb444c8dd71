"""Drafts autosave inside the vault and disappear atomically on finalise."""

from __future__ import annotations

import pytest

from fieldcase.core.errors import InvalidInput
from fieldcase.vault.session import Session


def test_save_update_list_and_discard(session: Session) -> None:
    draft_id = session.drafts.save("penerimaan", {"nama": "Sari"}, page=1)
    session.drafts.save("penerimaan", {"nama": "Sari", "umur": 14}, draft_id=draft_id, page=2)
    other = session.drafts.save("asesmen", {"catatan": "x"})
    draft = session.drafts.get(draft_id)
    assert draft is not None
    assert (draft.answers, draft.page, draft.case_id) == ({"nama": "Sari", "umur": 14}, 2, None)
    assert {d.draft_id for d in session.drafts.list()} == {draft_id, other}
    assert [d.draft_id for d in session.drafts.list("asesmen")] == [other]
    session.drafts.discard(draft_id)
    assert session.drafts.get(draft_id) is None


def test_finalise_writes_the_case_and_drops_the_draft_together(session: Session) -> None:
    draft_id = session.drafts.save("penerimaan", {"nama": "Sari"})
    case_id = session.drafts.finalise(draft_id, lambda: session.cases.create_case({"nama": "Sari"}))
    assert session.cases.read(case_id) == {"nama": "Sari"}
    assert session.drafts.get(draft_id) is None


def test_a_failed_finalise_keeps_the_draft_and_writes_nothing(session: Session) -> None:
    draft_id = session.drafts.save("penerimaan", {"bad name!": 1})
    with pytest.raises(InvalidInput):
        session.drafts.finalise(draft_id, lambda: session.cases.create_case({"bad name!": 1}))
    assert session.drafts.get(draft_id) is not None
    assert session.cases.count() == 0

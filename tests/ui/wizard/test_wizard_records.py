"""Record forms (referrals): each finalised form is a new ``rujukan[n]``, numbered at commit."""

from __future__ import annotations

from tests.ui.wizard.wizardkit import NOW, WIB

from fieldcase.forms import builtin_form
from fieldcase.ui.wizard import drafts
from fieldcase.ui.wizard.engine import FormEngine
from fieldcase.vault.session import Session


def test_new_referrals_get_the_next_record_number_and_edits_stay_in_theirs(
    session: Session,
) -> None:
    case_id = session.cases.create_case({"nama": "Sari", "waktu_pengaduan": "2025-02-01T01:00:00Z"})
    first = drafts.start_edit(session, builtin_form("rujukan_psikologis"), case_id)
    second = drafts.start_edit(session, builtin_form("rujukan_psikologis"), case_id)
    for start, place in ((first, "Puskesmas A"), (second, "Psikolog B")):
        engine = FormEngine(start.form, context=start.context, clock=lambda: NOW, zone=WIB)
        for page in range(len(start.form.pages)):
            engine.apply_defaults(page)
        engine.set_answer("lembaga_penerima", None, place)
        drafts.finalise(session, start, engine.stored_fields())
    fields = session.cases.read(case_id)
    assert fields["rujukan[1].lembaga_penerima"] == "Puskesmas A"
    assert fields["rujukan[2].lembaga_penerima"] == "Psikolog B"
    assert fields["rujukan[1].layanan_rujukan"] == fields["rujukan[2].layanan_rujukan"]

    edit = drafts.start_edit(session, builtin_form("rujukan_psikologis"), case_id, record_index=1)
    assert edit.answers["lembaga_penerima"] == "Puskesmas A"
    engine = FormEngine(edit.form, answers=edit.answers, context=edit.context, zone=WIB)
    engine.set_answer("lembaga_penerima", None, "Puskesmas C")
    drafts.finalise(session, edit, engine.stored_fields())
    last = session.cases.history(case_id)[-1]
    assert [w.path for w in last.writes] == ["rujukan[1].lembaga_penerima"]
    assert session.cases.read(case_id)["rujukan[2].lembaga_penerima"] == "Psikolog B"

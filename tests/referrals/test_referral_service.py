"""Consent per recipient, referrals and their status, through the real vault's change log."""

from __future__ import annotations

from datetime import date

import pytest

from fieldcase.core.changes import JsonValue
from fieldcase.core.errors import InvalidInput
from fieldcase.forms import builtin_forms
from fieldcase.referrals.catalog import STREAM_BY_ID
from fieldcase.referrals.directory import load_directory
from fieldcase.referrals.letter import build_letter
from fieldcase.referrals.records import Status, consents, referral, referrals
from fieldcase.referrals.rules import ConsentInput, ConsentRequired
from fieldcase.referrals.service import (
    ReferralInput,
    create_referral,
    record_consent,
    status_bases,
    update_status,
    withdraw_consent,
)
from fieldcase.vault.session import Session

TODAY = date(2025, 3, 3)
NARRATIVE = "Kronologi-canary: dijemput di pelabuhan"
CASE: dict[str, JsonValue] = {
    "nama": "Kenanga Canarywati",
    "umur": 13,
    "jenis_kelamin": "perempuan",
    "jenis_kekerasan": ["seksual"],
    "bentuk_esa": ["eksploitasi_prostitusi"],
    "tanggal_kejadian": "2025-03-01",
    "kronologi": NARRATIVE,
    "wilayah": "Lombok",
}
DIRECTORY = load_directory()
PUSKESMAS = DIRECTORY.find("lombok", "puskesmas")[0]
POLICE = DIRECTORY.find("lombok", "polisi")[0]
SCHOOL = DIRECTORY.find("lombok", "pendidikan")[0]


def consent_for(institution_id: str = PUSKESMAS.id, **changes: object) -> ConsentInput:
    values: dict[str, object] = {
        "institution_id": institution_id,
        "institution_name": PUSKESMAS.name,
        "institution_type": "puskesmas",
        "child": "diberikan",
        "caregiver": "diberikan",
        "giver": "orang_tua",
        "form": "tertulis",
        "given_on": date(2025, 3, 2),
        "scope": ("kesehatan",),
    }
    values.update(changes)
    return ConsentInput(**values)  # type: ignore[arg-type]


def health(**changes: object) -> ReferralInput:
    values: dict[str, object] = {
        "institution": PUSKESMAS,
        "stream": STREAM_BY_ID["kesehatan"],
        "purposes": ("pemeriksaan_forensik", "pep"),
        "purpose_other": "",
        "sent_on": TODAY,
    }
    values.update(changes)
    return ReferralInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def case_id(session: Session) -> str:
    return session.cases.create_case(CASE)


def test_referral_is_blocked_without_consent_then_allowed_and_stored_as_fields(
    session: Session, case_id: str
) -> None:
    with pytest.raises(ConsentRequired) as caught:
        create_referral(session, case_id, health(), TODAY)
    assert "belum ada persetujuan" in caught.value.message("id")
    assert "no consent" in caught.value.message("en")
    assert len(session.cases.history(case_id)) == 1  # nothing written

    consent_no = record_consent(session, case_id, consent_for(), TODAY)
    index = create_referral(session, case_id, health(), TODAY)

    fields = session.cases.read(case_id)
    assert fields[f"rujukan[{index}].status_rujukan"] == "dikirim"
    assert fields[f"rujukan[{index}].layanan_rujukan"] == "kesehatan"
    assert fields[f"rujukan[{index}].nomor_persetujuan"] == consent_no
    assert fields[f"persetujuan_berbagi[{consent_no}].kelompok_umur"] == "12_14"
    # One change per action, each an ordinary save in the log (sync/merge as usual).
    assert len(session.cases.history(case_id)) == 3
    session.cases.rebuild()
    assert session.cases.read(case_id) == fields


def test_consent_follows_the_age_rule(session: Session, case_id: str) -> None:
    with pytest.raises(InvalidInput, match="asentimen"):  # 13: the child must assent too
        record_consent(session, case_id, consent_for(child="tidak_diminta"), TODAY)
    with pytest.raises(InvalidInput, match="Pilih siapa"):
        record_consent(session, case_id, consent_for(giver=None), TODAY)
    with pytest.raises(InvalidInput, match="masa depan"):
        record_consent(session, case_id, consent_for(given_on=date(2025, 3, 9)), TODAY)
    older = session.cases.create_case({**CASE, "umur": 16})
    record_consent(
        session, older, consent_for(caregiver="tidak_diminta", giver=None, mature=True), TODAY
    )
    toddler = session.cases.create_case({**CASE, "umur": 4})
    record_consent(session, toddler, consent_for(child="tidak_diminta"), TODAY)


def test_withdrawn_consent_blocks_new_referrals_and_letters(session: Session, case_id: str) -> None:
    consent_no = record_consent(session, case_id, consent_for(), TODAY)
    index = create_referral(session, case_id, health(), TODAY)
    withdraw_consent(session, case_id, consent_no, TODAY, TODAY)

    assert [c.active for c in consents(session.cases.read(case_id))] == [False]
    with pytest.raises(ConsentRequired, match="ditarik"):
        create_referral(session, case_id, health(), TODAY)
    fields = session.cases.read(case_id)
    found = referral(fields, index)
    assert found is not None
    with pytest.raises(ConsentRequired):
        build_letter(
            fields, found, case_code="ABCD1234", sender_name="Ani",
            sender_org="UPTD PPA Kota Mataram", institution=PUSKESMAS,
            forms=builtin_forms(), today=TODAY,
        )  # fmt: skip
    with pytest.raises(InvalidInput):
        withdraw_consent(session, case_id, consent_no, TODAY, TODAY)


def test_verbal_consent_is_not_enough_for_a_medical_exam(session: Session, case_id: str) -> None:
    record_consent(session, case_id, consent_for(form="lisan"), TODAY)
    with pytest.raises(ConsentRequired, match="TERTULIS"):
        create_referral(session, case_id, health(), TODAY)


def test_consent_for_one_recipient_does_not_cover_another(session: Session, case_id: str) -> None:
    record_consent(session, case_id, consent_for(), TODAY)
    other = DIRECTORY.find("lombok", "rs_ppt")[0]
    with pytest.raises(ConsentRequired):
        create_referral(session, case_id, health(institution=other), TODAY)


def test_mandatory_notification_to_the_police_needs_no_consent_but_a_basis(
    session: Session, case_id: str
) -> None:
    report = health(
        institution=POLICE,
        stream=STREAM_BY_ID["hukum"],
        purposes=("laporan_polisi",),
        legal_basis="tpks_pasal_41",
    )
    index = create_referral(session, case_id, report, TODAY)
    fields = session.cases.read(case_id)
    assert fields[f"rujukan[{index}].dasar_berbagi_informasi"] == "pemberitahuan_wajib"
    assert fields[f"rujukan[{index}].dasar_hukum_pemberitahuan"] == "tpks_pasal_41"
    # The police-only basis does not reach a school, and "another rule" must be named.
    with pytest.raises(InvalidInput, match="kepolisian"):
        create_referral(
            session,
            case_id,
            health(institution=SCHOOL, stream=STREAM_BY_ID["reintegrasi_pendidikan"],
                   purposes=("kembali_sekolah",), legal_basis="tpks_pasal_41"),
            TODAY,
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="Sebutkan"):
        create_referral(session, case_id, health(legal_basis="lainnya"), TODAY)


def test_mediation_is_refused_for_sexual_exploitation(session: Session, case_id: str) -> None:
    report = health(
        institution=POLICE, stream=STREAM_BY_ID["hukum"], purposes=("mediasi",),
        legal_basis="tpks_pasal_41",
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="Mediasi"):
        create_referral(session, case_id, report, TODAY)


def test_status_moves_with_dates_and_a_reason_when_declined(session: Session, case_id: str) -> None:
    record_consent(session, case_id, consent_for(), TODAY)
    first = create_referral(session, case_id, health(sent_on=date(2025, 3, 2)), TODAY)
    second = create_referral(session, case_id, health(), TODAY)

    with pytest.raises(InvalidInput, match="dikirim' ke 'selesai"):
        update_status(session, case_id, first, Status.COMPLETED, TODAY, TODAY)
    with pytest.raises(InvalidInput, match="antara tanggal dikirim"):
        update_status(session, case_id, first, Status.ACCEPTED, date(2025, 3, 1), TODAY)
    update_status(session, case_id, first, Status.ACCEPTED, TODAY, TODAY)
    update_status(session, case_id, first, Status.COMPLETED, TODAY, TODAY)

    with pytest.raises(InvalidInput, match="alasan"):
        update_status(session, case_id, second, Status.DECLINED, TODAY, TODAY, "  ")
    update_status(session, case_id, second, Status.DECLINED, TODAY, TODAY, "Penuh")
    with pytest.raises(InvalidInput):
        update_status(session, case_id, second, Status.ACCEPTED, TODAY, TODAY)

    rows = {r.index: r for r in referrals(session.cases.read(case_id))}
    assert rows[first].status is Status.COMPLETED
    assert rows[first].dates[Status.COMPLETED] == TODAY
    assert rows[second].decline_reason == "Penuh"
    assert not rows[first].open and not rows[second].open


def test_a_concurrent_status_update_is_a_conflict_not_an_overwrite(
    session: Session, case_id: str
) -> None:
    record_consent(session, case_id, consent_for(), TODAY)
    index = create_referral(session, case_id, health(), TODAY)
    seen = status_bases(session, case_id, index)
    # Someone else's save lands first (here: a direct write with a newer hlc).
    session.cases.save(case_id, {f"rujukan[{index}].status_rujukan": "diterima"})
    update_status(
        session, case_id, index, Status.DECLINED, TODAY, TODAY, "Tidak ada dokter", base=seen
    )
    assert any(c.path == f"rujukan[{index}].status_rujukan" for c in session.cases.conflicts())


def test_letter_carries_the_minimum_for_each_recipient(session: Session, case_id: str) -> None:
    record_consent(session, case_id, consent_for(), TODAY)
    index = create_referral(
        session, case_id, health(purpose_other="Perlu pendamping perempuan"), TODAY
    )
    police = create_referral(
        session, case_id,
        health(institution=POLICE, stream=STREAM_BY_ID["hukum"], purposes=("laporan_polisi",),
               legal_basis="tpks_pasal_41"),
        TODAY,
    )  # fmt: skip
    fields = session.cases.read(case_id)

    def letter(number: int, institution: object) -> str:
        found = referral(fields, number)
        assert found is not None
        built = build_letter(
            fields, found, case_code="ABCD1234", sender_name="Ani",
            sender_org="UPTD PPA Kota Mataram", institution=institution,  # type: ignore[arg-type]
            forms=builtin_forms(), today=TODAY,
        )  # fmt: skip
        return built.text() + built.html()

    to_health = letter(index, PUSKESMAS)
    assert PUSKESMAS.name in to_health and "ABCD1234" in to_health
    assert "Pemeriksaan forensik" in to_health and "Perlu pendamping perempuan" in to_health
    assert "K. C." in to_health and "13 tahun" in to_health and "Seksual" in to_health
    assert "Canarywati" not in to_health  # initials only for a health centre
    assert NARRATIVE not in to_health and "pelabuhan" not in to_health
    assert "Persetujuan tertulis dari anak dan orang tua" in to_health

    to_police = letter(police, POLICE)
    assert "Kenanga Canarywati" in to_police  # the police report must name the child
    assert "UU TPKS Pasal 41" in to_police
    assert NARRATIVE not in to_police

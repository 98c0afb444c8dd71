"""The referral letter (surat rujukan): what it says, as HTML for ``QTextDocument``.

Why only this much: the letter exists so the child never retells the story,
yet it travels by courier, e-mail or hand, so it carries the minimum the
receiver needs (PROCEDURE.md, "Consent, assent, confidentiality"):

* always: case code, the service asked, the purposes and what is needed,
  the basis for sharing (consent date and who agreed, or the legal basis of
  a mandatory notification), the sending worker, and the confidentiality
  and "do not make the child retell" requests;
* about the child, only what the receiver's type needs
  (:attr:`~fieldcase.referrals.catalog.InstitutionType.disclose`): a full
  name only for police, prosecutor, court and LPSK, whose procedures must
  name the child in writing; initials for everyone else (the accompanying
  worker identifies the child in person); age, sex, the SIMFONI category of
  violence and the incident date as the table in docs/referrals.md says;
* never: the narrative (kronologi, its summary), the address, parents' or
  perpetrators' names, the child's contacts or documents.

The letter is in Bahasa Indonesia whatever the app's language: it is a
document for an Indonesian institution. Qt-free; ``ui/referrals/letterpdf``
prints it with ``QPdfWriter``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from fieldcase.core.errors import InvalidInput
from fieldcase.forms.model import Form
from fieldcase.referrals.catalog import (
    LEGAL_BASES,
    REGION_LABELS,
    STREAM_BY_ID,
    TYPE_BY_ID,
    Disclose,
    region_id,
)
from fieldcase.referrals.directory import Institution
from fieldcase.referrals.records import Referral, Status
from fieldcase.referrals.rules import ConsentRequired, active_consent, age_years

_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_GIVERS = {
    "orang_tua": "orang tua",
    "wali": "wali/pengasuh",
    "orang_dewasa_tepercaya": "orang dewasa yang dipercaya anak",
}
_STATUS = {
    Status.SENT: "dikirim",
    Status.ACCEPTED: "diterima",
    Status.DECLINED: "ditolak",
    Status.COMPLETED: "selesai",
}


#: Codes in a monospaced font: no "ff" ligature, so a code copied from the PDF
#: or read aloud on the phone is exactly the one in the app.
_CODE = "font-family: 'DejaVu Sans Mono', 'Courier New', monospace;"


def long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def initials(name: object) -> str:
    """ "Kenanga Canarywati" → "K. C."; empty when no name is recorded."""
    if not isinstance(name, str):
        return ""
    return " ".join(f"{part[0].upper()}." for part in name.split() if part[:1].isalpha())


def _choice_labels(form: Form | None, question: str) -> dict[str, str]:
    if form is None or question not in form:
        return {}
    return {c.name: c.label.get("id") or c.name for c in form.choices_for(form.question(question))}


@dataclass(frozen=True)
class Letter:
    """The letter's parts; :meth:`html` lays them out, :attr:`disclosed` is audited."""

    number: str
    place_date: str
    recipient: tuple[str, ...]
    subject: str
    case_code: str
    service: str
    purposes: tuple[str, ...]
    needs: str
    child: tuple[tuple[str, str], ...]
    basis: str
    sender_org: str
    sender_name: str
    #: Which child items went into the letter (names of :class:`Disclose`), for the audit.
    disclosed: tuple[str, ...]

    def html(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td width='38%'>{e(k)}</td><td>: {e(v)}</td></tr>" for k, v in self.child
        )
        purposes = "".join(f"<li>{e(p)}</li>" for p in self.purposes)
        needs = f"<p><b>Kebutuhan / keterangan:</b> {e(self.needs)}</p>" if self.needs else ""
        recipient = "<br/>".join(e(line) for line in self.recipient)
        style = "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt;"
        return f"""<html><body style="{style}">
<p align="center"><b>{e(self.sender_org.upper())}</b></p>
<hr/>
<p align="center"><b><u>SURAT RUJUKAN</u></b><br/>
Nomor: <span style="{_CODE}">{e(self.number)}</span></p>
<table cellspacing="0" cellpadding="1">
<tr><td width="38%">Sifat</td><td>: <b>RAHASIA</b></td></tr>
<tr><td>Hal</td><td>: {e(self.subject)}</td></tr>
</table>
<p>Kepada Yth.<br/>{recipient}<br/>di tempat</p>
<p>Dengan hormat,<br/>Bersama ini kami merujuk seorang anak yang kami dampingi untuk
mendapatkan layanan sebagai berikut.</p>
<table cellspacing="0" cellpadding="1">
<tr><td width="38%">Kode kasus</td><td>: <b style="{_CODE}">{e(self.case_code)}</b></td></tr>
<tr><td>Layanan yang diminta</td><td>: {e(self.service)}</td></tr>
{rows}
<tr><td>Dasar berbagi informasi</td><td>: {e(self.basis)}</td></tr>
</table>
<p><b>Tujuan rujukan:</b></p><ul>{purposes}</ul>
{needs}
<p>Mohon perhatian:</p>
<ol>
<li>Anak tidak perlu dan tidak boleh diminta menceritakan ulang kejadian. Keterangan yang
diperlukan dapat ditanyakan kepada pendamping yang tercantum di bawah.</li>
<li>Identitas anak wajib dirahasiakan (UU SPPA Pasal 19, UU 35/2014 Pasal 64,
UU TPKS Pasal 69 huruf c). Surat ini tidak boleh diteruskan atau diperbanyak.</li>
<li>Mohon kabari kami apakah rujukan diterima atau ditolak (beserta alasannya), dan bila
layanan telah selesai, dengan menyebut kode kasus di atas.</li>
</ol>
<p>Atas perhatian dan kerja samanya kami ucapkan terima kasih.</p>
<p>{e(self.place_date)}<br/>Hormat kami,<br/><br/><br/><br/>
<b>{e(self.sender_name)}</b><br/>Pendamping, {e(self.sender_org)}</p>
</body></html>"""

    def text(self) -> str:
        """Plain text of the parts (tests, and a preview without Qt)."""
        parts = [
            self.sender_org,
            "SURAT RUJUKAN",
            self.number,
            self.subject,
            *self.recipient,
            self.case_code,
            self.service,
            *(f"{k}: {v}" for k, v in self.child),
            self.basis,
            *self.purposes,
            self.needs,
            self.place_date,
            self.sender_name,
        ]
        return "\n".join(p for p in parts if p)


def letter_number(referral: Referral, case_code: str, day: date) -> str:
    return f"{referral.index:03d}/RUJ/{case_code}/{day.month:02d}/{day.year}"


def build_letter(
    fields: Mapping[str, object],
    referral: Referral,
    *,
    case_code: str,
    sender_name: str,
    sender_org: str,
    institution: Institution | None,
    forms: Mapping[str, Form],
    today: date,
) -> Letter:
    """The letter for one referral. Refused when its consent has since been withdrawn."""
    stream = STREAM_BY_ID.get(referral.stream or "")
    kind = TYPE_BY_ID.get(referral.institution_type or "")
    if stream is None or kind is None or not referral.institution_id:
        raise InvalidInput(
            "Rujukan ini tidak memuat lembaga dan layanan dari direktori; lengkapi dulu.",
            "This referral has no institution and service from the directory; complete it first.",
        )
    if referral.status in (Status.DECLINED, Status.COMPLETED):
        raise InvalidInput(
            "Rujukan ini sudah ditolak atau selesai; buat rujukan baru bila perlu.",
            "This referral was declined or completed; make a new referral if needed.",
        )
    if referral.mandatory:
        label = LEGAL_BASES.get(referral.legal_basis or "", ("", ""))[0]
        if referral.legal_basis == "lainnya":
            label = referral.legal_basis_other or label
        basis = f"Pemberitahuan wajib menurut peraturan: {label}"
    else:
        consent = active_consent(fields, referral.institution_id, stream.id)
        if consent is None:
            raise ConsentRequired(
                "Surat rujukan tidak dapat dibuat: persetujuan untuk lembaga ini sudah ditarik "
                "atau tidak ada.",
                "The referral letter cannot be made: consent for this institution was "
                "withdrawn or is missing.",
            )
        who = []
        if consent.child == "diberikan":
            who.append("anak")
        if consent.caregiver == "diberikan":
            who.append(_GIVERS.get(consent.giver or "", "orang tua/wali"))
        form = "tertulis" if consent.form == "tertulis" else "lisan"
        given = long_date(consent.given_on) if consent.given_on else "-"
        basis = f"Persetujuan {form} dari {' dan '.join(who) or '-'}, tanggal {given}"

    intake = forms.get("penerimaan")
    stream_form = forms.get(stream.form_id)
    child: list[tuple[str, str]] = []
    disclosed: list[str] = []
    allow = kind.disclose
    if Disclose.FULL_NAME in allow and isinstance(fields.get("nama"), str):
        child.append(("Nama anak", str(fields["nama"])))
        disclosed.append(Disclose.FULL_NAME.value)
    elif Disclose.INITIALS in allow or Disclose.FULL_NAME in allow:
        short = initials(fields.get("nama"))
        if short:
            child.append(("Inisial anak", short))
            disclosed.append(Disclose.INITIALS.value)
    if Disclose.AGE in allow:
        age = age_years(fields, today)
        if age is not None:
            child.append(("Umur", f"{age} tahun"))
            disclosed.append(Disclose.AGE.value)
    if Disclose.SEX in allow:
        sex = _choice_labels(intake, "jenis_kelamin").get(str(fields.get("jenis_kelamin")))
        if sex:
            child.append(("Jenis kelamin", sex))
            disclosed.append(Disclose.SEX.value)
    if Disclose.VIOLENCE in allow:
        labels = _choice_labels(intake, "jenis_kekerasan")
        kinds = fields.get("jenis_kekerasan")
        names = kinds if isinstance(kinds, list) else str(kinds or "").split()
        shown = [labels[str(k)] for k in names if str(k) in labels]
        if shown:
            child.append(("Jenis kekerasan", ", ".join(shown)))
            disclosed.append(Disclose.VIOLENCE.value)
    if Disclose.INCIDENT_DATE in allow and isinstance(fields.get("tanggal_kejadian"), str):
        try:
            incident = date.fromisoformat(str(fields["tanggal_kejadian"])[:10])
        except ValueError:
            incident = None
        if incident is not None:
            days = (today - incident).days
            # By calendar date only: claim "within 72 hours" when it surely is.
            note = " (masih dalam 72 jam)" if 0 <= days <= 2 else ""
            child.append(("Tanggal kejadian", f"{long_date(incident)}{note}"))
            disclosed.append(Disclose.INCIDENT_DATE.value)

    purpose_labels = _choice_labels(stream_form, "tujuan_rujukan")
    purposes = tuple(purpose_labels.get(p, p) for p in referral.purposes if p != "lainnya") or (
        "Lihat kebutuhan di bawah",
    )
    recipient = [referral.institution_name or (institution.name if institution else "")]
    if institution is not None and not institution.placeholder:
        recipient += [x for x in (institution.contact, institution.address) if x]
    region = region_id(fields.get("wilayah"))
    place = REGION_LABELS.get(region or "", "")
    sent = referral.dates.get(Status.SENT) or today
    return Letter(
        number=letter_number(referral, case_code, sent),
        place_date=f"{place}, {long_date(today)}" if place else long_date(today),
        recipient=tuple(recipient),
        subject=f"Rujukan layanan {stream.label[0].lower()}",
        case_code=case_code,
        service=stream.label[0],
        purposes=purposes,
        needs=referral.purpose_other,
        child=tuple(child),
        basis=basis,
        sender_org=sender_org,
        sender_name=sender_name,
        disclosed=tuple(disclosed),
    )


__all__ = ["Letter", "build_letter", "initials", "letter_number", "long_date"]

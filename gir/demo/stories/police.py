"""Demo police files: aangiftes and meldingen with their copy and course, and the
labour inspectorate notice, recorded through the services as the plan is worked off."""

import datetime as dt
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from weasyprint import HTML

from gir.core import clock
from gir.incidents.models import Incident
from gir.police import services
from gir.police.constants import CaseStage, FiledBy, PoliceReportKind

UNITS = (
    "Basisteam Heerlen",
    "Politiebureau Heerlen-Centrum",
    "Basisteam Parkstad-Noord",
    "Basisteam Kerkrade",
)
MELDING_REASONS = (
    "Medewerker wilde geen aangifte op eigen naam; melding gedaan zodat de politie het incident kent.",
    "In overleg met de politie een melding: de veroorzaker is onbekend en er zijn geen camerabeelden.",
)
DISMISSALS = (
    "Geseponeerd: onvoldoende bewijs, de getuigen spraken elkaar tegen.",
    "Geseponeerd onder voorwaarden: de verdachte moet zich melden bij de reclassering.",
)
CONVICTIONS = (
    "Veroordeeld tot een taakstraf van 40 uur en een schadevergoeding aan de medewerker.",
    "Veroordeeld tot een geldboete van € 450; de rechter woog de publieke taak zwaar mee (VPT).",
)


def copy_pdf() -> bytes:
    """One small PDF that stands in for every scanned copy of an aangifte in the demo."""
    html = (
        "<h1>Proces-verbaal van aangifte</h1><p>Kopie voor de coördinator agressie en geweld.</p>"
        "<p>Meldcode VPT. Domicilie: adres van de gemeente.</p><p>(Voorbeelddocument, demo.)</p>"
    )
    return HTML(string=html).write_pdf()


def record_report(
    rng: random.Random, *, actor: Any, incident: Incident, kind: str, moment: dt.datetime, now: dt.datetime
) -> None:
    """Record a melding or aangifte at `moment` (under the demo clock), with its course
    as far as the time since allows."""
    filed_by = rng.choices([FiledBy.EMPLOYER, FiledBy.BOTH, FiledBy.EMPLOYEE], weights=[60, 25, 15])[0]
    unit, reference = rng.choice(UNITS), f"PL2300-{moment.year}{rng.randint(100000, 999999)}"
    reason = rng.choice(MELDING_REASONS)
    investigated, decided, verdict = rng.uniform(5, 25), rng.uniform(60, 150), rng.random()
    report = services.police_report_record(
        actor=actor,
        incident=incident,
        kind=kind,
        filed_by=filed_by,
        vpt_code=True,
        domicile=services.default_domicile(incident),
        police_unit=unit,
        reported_at=moment,
        police_reference=reference,
        no_aangifte_reason=reason if kind == PoliceReportKind.MELDING else "",
    )
    if kind != PoliceReportKind.AANGIFTE:
        return
    steps = [(investigated, CaseStage.INVESTIGATED, "")]
    if verdict < 0.4:
        steps.append((decided, CaseStage.DISMISSED, rng.choice(DISMISSALS)))
    elif verdict < 0.8:
        steps += [
            (decided - 20, CaseStage.PROSECUTED, ""),
            (decided, CaseStage.CONVICTED, rng.choice(CONVICTIONS)),
        ]
    for days, stage, outcome in steps:
        when = moment + dt.timedelta(days=days)
        if when >= now:
            break
        with clock.at(when):
            services.police_case_update(
                actor=actor, report=report, stage=stage, on=timezone.localtime(when).date(), outcome=outcome
            )


def add_copy(*, actor: Any, incident: Incident, pdf: bytes) -> None:
    report = incident.police_reports.filter(kind=PoliceReportKind.AANGIFTE, copy="").first()
    if report is not None:
        upload = SimpleUploadedFile("kopie-aangifte.pdf", pdf, content_type="application/pdf")
        services.police_copy_add(actor=actor, report=report, upload=upload, notify=False)


def record_labour_notice(rng: random.Random, *, actor: Any, incident: Incident, moment: dt.datetime) -> None:
    services.labour_notice_record(
        actor=actor,
        incident=incident,
        notified_at=moment,
        reference=f"NLA-{moment.year}-{rng.randint(10000, 99999)}",
        notes="Gemeld via het meldformulier van de Nederlandse Arbeidsinspectie.",
    )

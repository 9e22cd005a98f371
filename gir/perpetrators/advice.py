"""The protocol's advice when a measure is chosen: advice, never automation.

GIR shows what the protocol advises for these facts and this person's history;
the human decides (001 §6.4 "eerste of herhaald incident", §7.4 stap 2 and 4, §8.1, §8.5).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gir.incidents.constants import BehaviourKind, EscalationLevel
from gir.incidents.models import Incident

from .constants import MeasureKind, MeasureStatus
from .models import Measure, Perpetrator

WARNING_KINDS = (MeasureKind.VERBAL_WARNING, MeasureKind.WRITTEN_WARNING)


@dataclass(frozen=True)
class Advice:
    kinds: tuple[str, ...]
    reason: str
    source: str

    @property
    def labels(self) -> list[str]:
        return [str(MeasureKind(kind).label) for kind in self.kinds]


def measure_advice(perpetrator: Perpetrator, incident: Incident, history: list[Measure]) -> list[Advice]:
    """What the protocol advises for this incident, given the person's earlier measures
    (history: the person's measures, any status). Pass the incident with its behaviours prefetched."""
    behaviours = {b.kind for b in incident.behaviours.all()}
    earlier_incidents = perpetrator.links.exclude(incident=incident).count() if perpetrator.pk else 0
    warned = any(
        m.kind in WARNING_KINDS and m.status != MeasureStatus.WITHDRAWN and m.decided_at for m in history
    )
    advice: list[Advice] = []
    if perpetrator.is_unknown:
        advice.append(
            Advice(
                (MeasureKind.POLICE,),
                _(
                    "De veroorzaker is onbekend: een maatregel tegen de persoon is niet mogelijk. "
                    "Doe wel melding of aangifte."
                ),
                "001 §8.6",
            )
        )
        return advice
    violent = bool(behaviours & {BehaviourKind.PHYSICAL, BehaviourKind.THREAT}) or (
        incident.escalation_level == EscalationLevel.D
    )
    if violent:
        advice.append(
            Advice(
                (MeasureKind.BUILDING_BAN, MeasureKind.POLICE),
                _("Fysiek geweld of bedreiging: een toegangsverbod en aangifte bij de politie."),
                "001 §7.4 stap 4, §8.1",
            )
        )
    if warned:
        kinds: tuple[str, ...] = (MeasureKind.BUILDING_BAN,)
        if BehaviourKind.VERBAL in behaviours:
            kinds += (MeasureKind.NO_PHONE_CONTACT,)
        advice.append(
            Advice(
                kinds,
                _(
                    "Herhaling na een waarschuwing: een toegangsverbod; "
                    "bij verbaal geweld ook geen telefonisch contact."
                ),
                "001 §8.1, §8.5",
            )
        )
    elif earlier_incidents == 0 and not violent:
        advice.append(
            Advice(
                (MeasureKind.WRITTEN_WARNING, MeasureKind.CONDUCT_MEETING),
                _("Eerste incident: een waarschuwing en een ordegesprek."),
                "001 §8.1",
            )
        )
    elif not violent:
        advice.append(
            Advice(
                (MeasureKind.WRITTEN_WARNING, MeasureKind.CONDUCT_MEETING),
                _(
                    "Eerder incident, nog geen waarschuwing: "
                    "een schriftelijke waarschuwing en een ordegesprek."
                ),
                "001 §6.4, §8.1",
            )
        )
    if incident.material_damage:
        advice.append(
            Advice(
                (MeasureKind.DAMAGE_RECOVERY,), _("Er is schade: verhaal die op de veroorzaker."), "001 §6.4"
            )
        )
    return advice

"""The quarterly aftercare report to the director (001 §10.3): aggregates only, the
quarter's figures suppressed together as one table set (gir.core.disclosure, ADR 0022).
A quarter's figures are in no sum with another quarter's: the report shows one quarter."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from weasyprint import HTML

from gir.core import clock, disclosure
from gir.core.disclosure import Cell

from .constants import ConversationStatus, Referral, SecondaryVictimisation, Stage
from .models import Conversation


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: dt.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, year: str | None, number: str | None) -> "Quarter":
        """The quarter from the page's query, or the last complete one."""
        if not year and not number:
            return cls.of(clock.today()).previous()
        try:
            quarter = cls(int(year or ""), int(number or ""))
        except ValueError:
            raise ValidationError(_("Kies een jaar en een kwartaal (1 tot en met 4).")) from None
        if not 1 <= quarter.number <= 4 or not 2000 <= quarter.year <= 2100:
            raise ValidationError(_("Kies een jaar en een kwartaal (1 tot en met 4)."))
        if quarter.start.date() > clock.today():
            raise ValidationError(_("Dit kwartaal is nog niet begonnen."))
        return quarter

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def start(self) -> dt.datetime:
        zone = ZoneInfo(settings.TIME_ZONE)
        return dt.datetime(self.year, 3 * self.number - 2, 1, tzinfo=zone)

    @property
    def end(self) -> dt.datetime:
        following = Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        return following.start

    @property
    def label(self) -> str:
        return _("%(number)se kwartaal %(year)s") % {"number": self.number, "year": self.year}


@dataclass(frozen=True)
class AftercareFigures:
    quarter: Quarter
    held: str
    held_by_stage: list[Cell]
    first_held: str
    first_timing: list[Cell]
    declined: str
    requested_later: str
    secondary_victimisation: list[Cell]
    referrals: list[Cell]


def aftercare_figures(quarter: Quarter) -> AftercareFigures:
    """Every figure in one query per table, whatever the number of conversations."""
    in_quarter = Q(held_at__gte=quarter.start, held_at__lt=quarter.end)
    delay = ExpressionWrapper(F("held_at") - F("incident__occurred_at"), output_field=DurationField())
    held = Conversation.objects.filter(in_quarter, status=ConversationStatus.HELD).annotate(delay=delay)
    first = Q(stage=Stage.FIRST)
    totals = held.aggregate(
        held=Count("pk"),
        first=Count("pk", filter=first),
        within_24h=Count("pk", filter=first & Q(delay__lte=dt.timedelta(hours=24))),
        within_72h=Count(
            "pk", filter=first & Q(delay__gt=dt.timedelta(hours=24), delay__lte=dt.timedelta(hours=72))
        ),
        later=Count("pk", filter=first & Q(delay__gt=dt.timedelta(hours=72))),
        secondary=Count("pk", filter=Q(secondary_victimisation=SecondaryVictimisation.YES)),
    )
    by_stage = dict(held.values_list("stage").annotate(n=Count("pk")).order_by())
    by_referral = dict(
        held.exclude(referral__in=["", Referral.NONE])
        .values_list("referral")
        .annotate(n=Count("pk"))
        .order_by()
    )
    others = Conversation.objects.aggregate(
        declined=Count(
            "pk",
            filter=Q(
                status=ConversationStatus.DECLINED,
                declined_at__gte=quarter.start,
                declined_at__lt=quarter.end,
            ),
        ),
        requested=Count(
            "pk", filter=Q(stage=Stage.LATER, requested_at__gte=quarter.start, requested_at__lt=quarter.end)
        ),
    )
    figures = disclosure.Figures()
    held_total = figures.add(("held",), totals["held"], rank=1)
    stages = [figures.add(("stage", stage.value), by_stage.get(stage.value, 0)) for stage in Stage]
    figures.add_sum(held_total, stages)
    # The first talks' total is the first stage's cell.
    first = figures.index[("stage", Stage.FIRST.value)]
    timing = [
        (_("binnen 24 uur (streven)"), "within_24h"),
        (_("na 24 uur, binnen 72 uur (termijn)"), "within_72h"),
        (_("later dan 72 uur"), "later"),
    ]
    figures.add_sum(first, [figures.add(("timing", key), totals[key]) for _label, key in timing])
    secondary = [
        (_("ervaren"), totals["secondary"]),
        (_("niet ervaren"), totals["held"] - totals["secondary"]),
    ]
    figures.add_sum(held_total, [figures.add(("secondary", i), n) for i, (_label, n) in enumerate(secondary)])
    referrals = [kind for kind in Referral if kind != Referral.NONE]
    for kind in referrals:
        figures.add(("referral", kind.value), by_referral.get(kind.value, 0))
    figures.add(("declined",), others["declined"])
    figures.add(("requested",), others["requested"])
    figures.suppress()
    return AftercareFigures(
        quarter=quarter,
        held=figures.text(("held",)),
        held_by_stage=[figures.cell(("stage", stage.value), str(stage.label)) for stage in Stage],
        first_held=figures.text(("stage", Stage.FIRST.value)),
        first_timing=[figures.cell(("timing", key), str(label)) for label, key in timing],
        declined=figures.text(("declined",)),
        requested_later=figures.text(("requested",)),
        secondary_victimisation=[
            figures.cell(("secondary", i), str(label)) for i, (label, _n) in enumerate(secondary)
        ],
        referrals=[figures.cell(("referral", kind.value), str(kind.label)) for kind in referrals],
    )


def aftercare_report_pdf(figures: AftercareFigures) -> bytes:
    context = {
        "figures": figures,
        "organisation": settings.GIR_ORGANISATION_NAME,
        "made_on": clock.today(),
    }
    return HTML(string=render_to_string("aftercare/report_pdf.html", context)).write_pdf()

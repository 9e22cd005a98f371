"""How GIR writes values for people, the same in every app: on pages, in letters and
in the history."""

from decimal import Decimal

from django.utils.formats import number_format


def euro(amount: Decimal) -> str:
    """An amount in euro as the Dutch write it: € 1.250,50."""
    return "€ " + number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)

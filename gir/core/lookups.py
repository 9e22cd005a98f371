"""`__in` on integer columns that cannot fail on a value no row can have.

Django's own integer lookups (exact, gt, lt, ...) already treat a number beyond the
column's range as matching nothing; `__in` does not: on SQLite an id such as
99999999999999999999 raises OverflowError, and a value that is not a number at all raises
ValueError while the list is prepared. Both reach the database from forms that re-show
what was chosen (a multiple choice, Beheer's autocomplete fields). Such values can never
equal an integer id, so this lookup leaves them out (nothing left: no rows)."""

from django.db.models import IntegerField
from django.db.models.lookups import In


def _is_odd(value: object) -> bool:
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text[:1] in "+-" else text
        return not (digits.isascii() and digits.isdigit())
    return False


class IntegerIn(In):
    def get_prep_lookup(self):
        if self.rhs_is_direct_value() and isinstance(self.rhs, (list, tuple, set, frozenset)):
            self.rhs = [value for value in self.rhs if not _is_odd(value)]
        return super().get_prep_lookup()

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and isinstance(self.rhs, (list, tuple, set, frozenset)):
            try:
                low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            except KeyError:  # a column type the backend gives no range
                low = high = None
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerIn)

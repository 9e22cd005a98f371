"""Writes of the perpetrator register and of measures (DESIGN §2.3; 001 §6.4, §8).

Every function runs in one transaction and writes the audit log. Personal data
never goes into the audit log itself (only field names), so that removing a
person after the retention period leaves nothing of them behind.

One module per part: `register` (the person's record, links, merging), `measures`
(a measure's way from proposal to its end, the conduct meeting), `objections`
(bezwaar) and `time_passes` (what the daily task does). Callers import from here:
`from gir.perpetrators import services`; `services.measure_propose(...)`.
"""

from gir.core.exceptions import ConcurrentEditError

from .measures import (
    check_answer_file,
    check_period,
    measure_communicate,
    measure_decide,
    measure_finish,
    measure_plan_meeting,
    measure_propose,
    measure_record_answer,
    measure_record_meeting,
    measure_set_answer_term,
    measure_withdraw,
    standard_ban_end,
)
from .objections import objection_decide, objection_record
from .register import (
    check_photo,
    perpetrator_link,
    perpetrator_merge,
    perpetrator_read_log,
    perpetrator_save,
    perpetrator_unlink,
)
from .time_passes import (
    forgettable_perpetrators,
    measures_refresh,
    perpetrator_forget,
    perpetrators_forget_due,
)

__all__ = [
    "ConcurrentEditError",
    "check_answer_file",
    "check_period",
    "check_photo",
    "forgettable_perpetrators",
    "measure_communicate",
    "measure_decide",
    "measure_finish",
    "measure_plan_meeting",
    "measure_propose",
    "measure_record_answer",
    "measure_record_meeting",
    "measure_set_answer_term",
    "measure_withdraw",
    "measures_refresh",
    "objection_decide",
    "objection_record",
    "perpetrator_forget",
    "perpetrator_link",
    "perpetrator_merge",
    "perpetrator_read_log",
    "perpetrator_save",
    "perpetrator_unlink",
    "perpetrators_forget_due",
    "standard_ban_end",
]

"""The benchmarks' accounts and log-ins (gir.demo.bench). The load test's users
(gir/demo/locustfile.py) are not imported here: locust patches the process with gevent."""

from django.urls import reverse

import pytest

from gir.accounts.constants import Role
from gir.demo.bench import BENCH_PASSWORD, bench_accounts, logged_in_client

pytestmark = pytest.mark.django_db


def test_a_reception_account_logs_in_through_both_steps_and_reaches_the_desk():
    desk = bench_accounts(["bench.receptie"], roles=(Role.RECEPTION,))[0]

    client = logged_in_client(desk)

    assert client.get(reverse("reception:check"), {"naam": "Jansen"}).status_code == 200


def test_an_employee_needs_no_second_step_and_accounts_are_made_again_idempotently():
    bench_accounts(["bench.mw001"], roles=(Role.EMPLOYEE,))
    employee = bench_accounts(["bench.mw001"], roles=(Role.EMPLOYEE,))[0]

    client = logged_in_client(employee, BENCH_PASSWORD)

    assert employee.roles.count() == 1
    assert client.get(reverse("incidents:create")).status_code == 200

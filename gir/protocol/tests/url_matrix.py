"""The protocol URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py)
(issue 4). Step URLs point at an aftercare step of incident_a; the rule URL at the first
rule; the lifecycle URLs at incident_a."""

STEP_WORKERS = frozenset({"team_manager", "coordinator", "aftercare"})

MATRIX: dict[str, frozenset[str]] = {
    "protocol:tasks": frozenset({"team_manager", "coordinator", "aftercare", "legal", "mayor", "clerk"}),
    "protocol:step": STEP_WORKERS,
    "protocol:step_complete": STEP_WORKERS,
    "protocol:step_waive": STEP_WORKERS,
    "protocol:close": frozenset({"team_manager", "coordinator"}),
    "protocol:reopen": frozenset(),  # incident_a is not closed: nobody can reopen it
    "protocol:assign": frozenset({"team_manager", "coordinator"}),
    "protocol:rules": frozenset({"coordinator"}),
    "protocol:rule_create": frozenset({"coordinator"}),
    "protocol:rule_edit": frozenset({"coordinator"}),
}
POST_ONLY: set[str] = {"protocol:step_complete", "protocol:step_waive", "protocol:close", "protocol:reopen"}


def url_kwargs(key: str, world) -> dict[str, int]:
    if key.startswith("protocol:step"):
        from gir.protocol.constants import StepKind

        return {"pk": world.incident_a.steps.filter(kind=StepKind.AFTERCARE).first().pk}
    if key == "protocol:rule_edit":
        from gir.protocol.models import ProtocolRule

        return {"pk": ProtocolRule.objects.first().pk}
    return {}

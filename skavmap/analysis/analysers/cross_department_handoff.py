"""SKV101 cross-department-handoff: where work moves between departments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context


@rule("SKV101", "handoff", sv="Överlämning mellan förvaltningar eller avdelningar.")
def cross_department_handoff(ctx: Context) -> Iterator[Finding]:
    """Handoff between departments: work moves to a role of another department.

    Fires on each edge of the step graph where a cross-department handoff lands: the edge
    into the receiving step, after any steps without a role (``A → gateway → B`` marks
    ``gateway → B``). External roles, and roles without a department, count as
    departments of their own; the message marks handoffs to or from an external party.

    Cost: the receiving step without its ``wait`` (the format specification's
    counterfactual for a handoff): the hours the work spends waiting for the other
    department, ``c`` × that wait, where ``c`` is the expected number of cross-department
    handoffs per case on that edge.
    """
    unit_of = {role_id: role.unit for role_id, role in ctx.process.roles.items()}
    arrivals = ctx.flow.role_arrivals
    # Each receiving step's role from the process's steps, not through the graph's view: a
    # Python call for each of ninety thousand handoffs.
    steps = ctx.process.steps
    order = ctx.order
    count = len(order)
    # In file order of the tail, then of the head, as one number: a large process has ninety
    # thousand handoffs, and numbers sort faster than pairs.
    for u, v in sorted(
        ctx.metrics.cross_department_edges, key=lambda e: order[e[0]] * count + order[e[1]]
    ):
        target = steps[v].role
        unit = unit_of[target]
        from_roles, amounts = [], []
        for role, amount in arrivals[(u, v)].items():
            if unit_of[role] != unit:
                from_roles.append(role)
                amounts.append(amount)
        figures = {"count": sum(amounts), "from_roles": tuple(from_roles), "to_role": target}
        yield Finding((u, v), figures)

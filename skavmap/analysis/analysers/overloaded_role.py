"""SKV302 overloaded-role: a role whose work fills 85 % or more of its capacity."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context

#: Utilisation from which a role is a bottleneck (the format specification's 85 %).
LIMIT = 0.85


@rule("SKV302", "bottleneck", sv="Överbelastad roll: arbetet fyller 85 % av kapaciteten.")
def overloaded_role(ctx: Context) -> Iterator[Finding]:
    """Overloaded role: a role whose work fills 85 % or more of its capacity.

    Needs the process's ``volume`` and the role's ``capacity`` (people, or full-time
    equivalents). Utilisation is cases per working hour × expected work per case of the role
    ÷ capacity. The finding names the role and lists its steps.

    No counterfactual (queueing is not modelled). Weight:
    ``60 + 160 × (utilisation − 0.85)``: 60 at 85 %, 84 at 100 %.
    """
    volume = ctx.process.volume
    for role_id, figures in ctx.metrics.per_role.items():
        # The tolerance keeps a utilisation of exactly 85 % on paper from missing by a float.
        if figures.utilisation is None or figures.utilisation < LIMIT - 1e-9:
            continue
        steps = tuple(
            n
            for n, data in ctx.graph.nodes(data=True)
            if data["role"] == role_id and data["work"] > 0 and ctx.visits(n) > 0
        )
        numbers = {
            "utilisation": figures.utilisation,
            "work_per_case": figures.work_per_case,
            "cases_per_hour": volume.per_hour,
            "capacity": ctx.process.roles[role_id].capacity or 0.0,
        }
        score = 60 + 160 * max(0.0, figures.utilisation - LIMIT)
        yield Finding(steps, numbers, score, role=role_id)

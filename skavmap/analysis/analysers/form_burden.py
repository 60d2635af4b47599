"""SKV702 form-burden: a step that needs many forms filled in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context

#: From how many forms on one step it chafes.
MIN_FORMS = 2


@rule("SKV702", "form-burden", sv="Blankettbörda: många blanketter att fylla i i ett steg.")
def form_burden(ctx: Context) -> Iterator[Finding]:
    """Form burden: a step that needs many forms filled in.

    Fires on a step with two or more ``forms``. With ``f`` the number of forms and ``v`` the
    step's expected visits per case (the forms are filled in on every visit):

    No counterfactual (the forms' time is in the step's work). Weight: ``15 × f × v``: 45
    for three forms once per case.
    """
    for step, data in ctx.graph.nodes(data=True):
        forms = data["forms"]
        if len(forms) < MIN_FORMS:
            continue
        visits = ctx.visits(step)
        figures = {"forms": len(forms), "visits": visits}
        yield Finding((step,), figures, 15 * len(forms) * visits)

"""SKV702 form-burden: a step that needs many forms filled in."""

from __future__ import annotations

from collections.abc import Iterator

from skavmap.analysis.analysers import Context, Finding, analyser

PHRASES = {
    "sv": "{count} blanketter att fylla i: {forms}{times}",
    "en": "{count} forms to fill in: {forms}{times}",
}
#: From how many forms on one step it chafes.
MIN_FORMS = 2


@analyser("SKV702", "form-burden", sv="Blankettbörda: många blanketter att fylla i i ett steg.")
def form_burden(ctx: Context) -> Iterator[Finding]:
    """Form burden: a step that needs many forms filled in.

    Fires on a step with two or more ``forms``. With ``f`` the number of forms and ``v`` the
    step's expected visits per case (the forms are filled in on every visit):

    Score: ``min(100, 15 × f × v)``: 45 for three forms once per case.
    """
    for step, data in ctx.graph.nodes(data=True):
        forms = data["forms"]
        if len(forms) < MIN_FORMS:
            continue
        visits = ctx.visits(step)
        shown = "" if abs(visits - 1) < 0.005 else f" ({ctx.times(visits)})"
        message = ctx.say(PHRASES, count=len(forms), forms=", ".join(forms), times=shown)
        yield Finding((step,), 15 * len(forms) * visits, message)

"""From findings to hotspots: the same friction joined, its cost counted, and one score.

- **Joined**: a step's long wait (SKV303) and its being the bottleneck (SKV301) are one
  friction with one counterfactual: one hotspot, the bottleneck, with the wait beside it.
  A handoff into that step (SKV101) is costed by the same wait, so it joins it too.
  Pain reported on a step (SKV601) joins the step's costliest hotspot, so that votes and
  quotes stay beside the friction they are about instead of competing with it.
- **Counted**: every hotspot gets its :class:`~skavmap.analysis.results.Impact` by its
  kind's counterfactual (:mod:`skavmap.analysis.impact`), or ``None`` where nothing can be
  counted.
- **Scored**: a hotspot with an impact scores ``100 × (1 − 2^(−H/40))``, with ``H`` its
  hours per case (lead time plus work time): the same hours score the same in any process,
  a working week per case (40 hours) scores 50, a day 13, and more hours always score more.
  A hotspot that cannot be counted scores its rule's own weight (frequency included)
  divided by eight, at most 10: it is listed, but it never outranks a counted friction of
  more than 6 hours per case on votes or flags alone. A counted friction of no hours is
  left out, except a handoff and one with pain joined to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding, Hotspot, Impact, Related
from skavmap.analysis.rules import Rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context
    from skavmap.analysis.impact import Counterfactuals

#: Hours of friction per case that score 50: one working week.
HALF_SCORE_HOURS = 40.0
#: The highest score of a hotspot whose cost cannot be counted.
UNCOUNTED_MAX = 10.0
#: The codes whose findings are one friction when they are about the same single step.
SAME_FRICTION = ("SKV301", "SKV303")
PAIN = "SKV601"
HANDOFF = "SKV101"
#: Hours per case below which a counted friction costs nothing (a second).
NO_HOURS = 1 / 3600


@dataclass(slots=True)
class _Draft:
    rule: Rule
    finding: Finding
    impact: Impact | None = None
    related: list[Related] = field(default_factory=list)
    votes: int = 0


def settled(hours: float) -> float:
    """Hours as the ranking compares them, to the millionth: two frictions that cost the
    same are a tie however the rounding of the sums that counted them fell.

    >>> settled(2.2300323749991797) == settled(2.230032375000001)
    True
    """
    return round(hours, 6)


def score_of(impact: Impact | None, weight: float) -> float:
    """The score of a hotspot: from its ``impact`` when it has one, else from its rule's
    ``weight``.

    >>> score_of(Impact(40.0, 0.0, 0.0), 0), score_of(Impact(6.0, 2.0, 0.0), 0), score_of(None, 60)
    (50.0, 12.9, 7.5)
    """
    if impact is not None:
        return round(100 * (1 - 2 ** (-max(0.0, impact.hours) / HALF_SCORE_HOURS)), 1)
    return round(min(UNCOUNTED_MAX, max(0.0, weight) / 8), 1)


def hotspots(
    context: Context, found: Sequence[tuple[Rule, Sequence[Finding]]]
) -> tuple[Hotspot, ...]:
    """The hotspots of one process from each rule's findings, highest score first (ties:
    more hours, more votes, then code and place in the file)."""
    drafts = _joined(context.counterfactuals, sorted(found, key=lambda pair: pair[0].code))
    return _ranked(_with_pain(drafts), context.order)


def _joined(
    counter: Counterfactuals, found: Sequence[tuple[Rule, Sequence[Finding]]]
) -> list[_Draft]:
    """The drafts of ``found`` (by code), counted, with a step's wait joined to its
    bottleneck and a handoff into a step whose wait is a hotspot joined to that wait.

    The handoff's counterfactual is that very wait: the same friction with the same impact.
    Counted once joined: a finding that joined another is costed by its host alone.
    """
    waits: dict[str, _Draft] = {}  # the one draft of each step that a wait or bottleneck is
    kept_by_rule: list[list[_Draft]] = []
    handoffs: list[tuple[Rule, Sequence[Finding], list[_Draft]]] = []
    for rule, findings in found:
        kept: list[_Draft] = []
        kept_by_rule.append(kept)
        if rule.code == HANDOFF:
            # Joined once every wait is known: their codes come after the handoff's.
            handoffs.append((rule, findings, kept))
            continue
        cost = _COSTS.get(rule.code, _uncounted)
        same_friction = rule.code in SAME_FRICTION
        for finding in findings:
            steps = finding.steps
            if same_friction and len(steps) == 1 and finding.role is None:
                host = waits.get(steps[0])
                if host is not None:
                    host.related.append(_related(rule, finding))
                    continue
                draft = waits[steps[0]] = _Draft(rule, finding, cost(counter, finding))
            else:
                draft = _Draft(rule, finding, cost(counter, finding))
            kept.append(draft)
    without_wait = counter.without_wait
    for rule, findings, kept in handoffs:
        for finding in findings:
            host = waits.get(finding.steps[-1])
            if host is None:
                kept.append(_Draft(rule, finding, without_wait(finding.steps[-1])))
            else:
                host.related.append(_related(rule, finding))
    return [draft for kept in kept_by_rule for draft in kept]


def _ranked(drafts: list[_Draft], order: Mapping[str, int]) -> tuple[Hotspot, ...]:
    """The hotspots of ``drafts`` that are friction, scored and sorted.

    A counted friction of no hours (a bottleneck whose step has no wait, a manual step
    without work) is not friction. A handoff stays: crossing a department is felt even where
    nobody waits; so does anything with pain joined to it.
    """
    # The score and the settled hours of each number of hours, and the score of each weight,
    # negated for the keys once: a large process's hundred thousand hotspots cost a few
    # thousand different numbers of hours and fifty thousand switches a few weights.
    by_hours: dict[float, tuple[float, float, float]] = {}
    by_weight: dict[float | None, tuple[float, float, float]] = {}
    keys = []
    ranked = []
    for draft in drafts:
        impact, finding, rule, related = draft.impact, draft.finding, draft.rule, draft.related
        if impact is None:
            weight = finding.score
            known = by_weight.get(weight)
            if known is None:
                score = score_of(None, float(weight or 0.0))
                known = by_weight[weight] = (score, -score, 1.0)
            if known[0] <= 0:
                continue
        else:
            hours = impact.hours
            if hours < NO_HOURS and rule.kind != "handoff" and not related:
                continue
            known = by_hours.get(hours)
            if known is None:
                score = score_of(impact, 0.0)
                known = by_hours[hours] = (score, -score, -settled(hours))
        score, first, second = known
        steps = finding.steps
        ranked.append(
            Hotspot(
                rule.code,
                rule.name,
                rule.kind,
                steps,
                score,
                finding.figures,
                finding.role,
                impact,
                tuple(related) if related else (),
                draft.votes,
            )
        )
        places = [order[steps[0]]] if len(steps) == 1 else [order[s] for s in steps]
        keys.append((first, second, -draft.votes, rule.code, places, finding.role or ""))
    # Sorted by the keys alone: hotspots do not compare.
    return tuple(map(ranked.__getitem__, sorted(range(len(keys)), key=keys.__getitem__)))


def _with_pain(drafts: list[_Draft]) -> list[_Draft]:
    """Pain on a step joins the step's costliest hotspot (one that costs nothing is no host);
    alone, it stays a hotspot."""
    kept = [d for d in drafts if d.rule.code != PAIN]
    pains = [d for d in drafts if d.rule.code == PAIN]
    if not pains:
        return kept
    # The hosts a step's pain can join, in the order they were found.
    hosts_of: dict[str, list[_Draft]] = {}
    for d in kept:
        if (
            len(d.finding.steps) == 1
            and d.finding.role is None
            and (d.impact is None or d.impact.hours >= NO_HOURS)
        ):
            hosts_of.setdefault(d.finding.steps[0], []).append(d)
    for pain in pains:
        step = pain.finding.steps[0]
        hosts = hosts_of.setdefault(step, [])
        if not hosts:
            pain.votes = int(pain.finding.figures.get("votes", 0))
            kept.append(pain)
            hosts.append(pain)
            continue
        host = max(hosts, key=lambda d: settled(d.impact.hours) if d.impact else -1.0)
        host.related.append(_related(pain.rule, pain.finding))
        host.votes += int(pain.finding.figures.get("votes", 0))
    return kept


def _related(rule: Rule, finding: Finding) -> Related:
    return Related(rule.code, rule.name, rule.kind, finding.figures, finding.steps)


def _uncounted(counter: Counterfactuals, finding: Finding) -> None:
    return None


def _without_manual_work(counter: Counterfactuals, finding: Finding) -> Impact | None:
    if not finding.figures.get("manual"):
        return None
    return counter.without_time({finding.steps[0]: (False, True)})


def _without_approvals(counter: Counterfactuals, finding: Finding) -> Impact:
    # One approval has to stay: the one that holds the most time (often the deciding
    # attest, already counted as a bottleneck) stays, the others go.
    steps = finding.steps
    per_step = counter.metrics.per_step
    kept = max(steps, key=lambda s: (per_step[s].hours, -steps.index(s)))
    return counter.without_time({s: (True, True) for s in steps if s != kept})


#: The counterfactual of each code's hotspots (the format specification 1.1, and the
#: approval chain's, documented in docs/analysis.md); a handoff's is its receiving step's
#: wait, worked out as it is joined (:func:`_joined`). Other codes have none.
_COSTS: dict[str, Callable[[Counterfactuals, Finding], Impact | None]] = {
    "SKV301": lambda counter, finding: counter.without_wait(finding.steps[0]),
    "SKV303": lambda counter, finding: counter.without_wait(finding.steps[0]),
    "SKV201": lambda counter, finding: counter.without_loop(finding.steps),
    "SKV501": _without_manual_work,
    "SKV701": _without_approvals,
}

"""Each analyser on its example file (examples/analysers/NAME.yaml) and on edge cases, and
the rule "one name everywhere": module, example file, test and docs entry share the name.

Tests of an analyser are named ``test_<module name>...``.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

from skavmap.analysis.engine import analyse
from skavmap.analysis.rules import FAMILIES, KINDS, analysers, find
from skavmap.format.loader import load
from skavmap.outputs.messages import describe
from skavmap.outputs.vocabulary import Words

EXAMPLES = ROOT / "examples" / "analysers"
#: Codes are permanent: once released, a code keeps its name and is never reused.
PERMANENT = {
    "SKV101": "cross-department-handoff",
    "SKV201": "rework-loop",
    "SKV301": "bottleneck",
    "SKV302": "overloaded-role",
    "SKV303": "long-wait",
    "SKV401": "night-notification",
    "SKV501": "system-switch",
    "SKV601": "reported-pain",
    "SKV701": "approval-chain",
    "SKV702": "form-burden",
}


def found(name: str, lang: str = "en", path: Path | None = None):
    """``(code, steps, weight, message, role)`` of each finding of one analyser, run on its
    own (the ranking joins some findings into one hotspot; ``test_impact.py`` tests that).
    ``weight`` is ``None`` for rules whose findings are costed in hours."""
    process = load(path or EXAMPLES / f"{name}.yaml")
    context = analyse(process).context
    unit = next(r for r in analysers() if r.name == name)
    return [
        (
            unit.code,
            f.steps,
            None if f.score is None else round(f.score, 1),
            describe(unit.code, f.steps, f.figures, f.role, process, Words(lang)),
            f.role,
        )
        for f in unit.check(context)
    ]


def write(tmp_path: Path, steps: str, head: str = "") -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(
        "process: P\n"
        + head
        + "departments: {a: A, b: B}\n"
        + "roles:\n  x: {name: X, department: a}\n  y: {name: Y, department: b}\n"
        + "systems: {s1: S1, s2: S2}\n"
        + "steps:\n"
        + textwrap.indent(textwrap.dedent(steps), "  ")
    )
    return path


# --- one name everywhere -----------------------------------------------------------------------


def test_codes_are_permanent():
    codes = {unit.code: unit.name for unit in analysers()}
    for code, name in PERMANENT.items():
        assert codes.get(code) == name, f"{code} must stay {name}"
    assert set(codes) == set(PERMANENT), "add a new code to PERMANENT (and never reuse one)"


def test_codes_kinds_and_docstrings_are_well_formed():
    for unit in analysers():
        assert re.fullmatch(r"SKV[1-9]\d\d", unit.code)
        assert unit.code[3] in FAMILIES
        assert unit.kind in KINDS
        assert unit.title["en"] and unit.title["sv"]
        has = "Cost:" in unit.doc or "Weight:" in unit.doc
        assert has, f"{unit.name}: document its counterfactual (Cost:) or its weight (Weight:)"


def test_one_name_everywhere():
    names = {unit.name for unit in analysers()}
    modules = {
        p.stem.replace("_", "-") for p in (ROOT / "skavmap" / "analysis" / "analysers").glob("*.py")
    }
    assert modules - {"--init--"} == names
    assert {p.stem for p in EXAMPLES.glob("*.yaml")} == names
    tests = Path(__file__).read_text(encoding="utf-8")
    docs = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    for unit in analysers():
        module = unit.name.replace("-", "_")
        assert re.search(rf"^def test_{module}\b", tests, re.MULTILINE), f"no test_{module}"
        heading = f"### {unit.code} {unit.name}"
        assert heading in docs, f"docs/analysis.md: no {heading}"
        section = docs.split(heading, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        # The docstring is the documentation: docs/analysis.md holds it word for word.
        assert section.strip() == unit.doc.replace("``", "`"), f"docs/analysis.md: {unit.code}"


@pytest.mark.parametrize("unit", analysers(), ids=lambda u: u.name)
def test_each_example_triggers_its_analyser(unit):
    hotspots = analyse(load(EXAMPLES / f"{unit.name}.yaml")).hotspots
    fired = {h.name for h in hotspots} | {r.name for h in hotspots for r in h.related}
    # Every process with any time has a bottleneck; beside it, only the analyser itself.
    assert unit.name in fired
    assert fired <= {unit.name, "bottleneck"}


def test_find_by_code_or_name():
    assert find("SKV201").name == "rework-loop"
    assert find("skv201").name == find("201").name == find("rework-loop").name == "rework-loop"
    assert find("SKV999") is None


# --- the analysers ------------------------------------------------------------------------------


def test_cross_department_handoff():
    assert found("cross-department-handoff", "sv") == [
        (
            "SKV101",
            ("belopp", "granska"),
            None,
            "överlämning Ekonomi → Verksamhet (Reskontraekonom → Budgetansvarig), "
            "0,3 gånger per ärende",
            None,
        ),
        (
            "SKV101",
            ("granska", "betala"),
            None,
            "överlämning Verksamhet → Ekonomi (Budgetansvarig → Reskontraekonom), "
            "0,3 gånger per ärende",
            None,
        ),
    ]


def test_cross_department_handoff_marks_external_parties():
    hotspots = found("cross-department-handoff", "en", ROOT / "examples" / "loop.yaml")
    assert hotspots[0] == (
        "SKV101",
        ("ansokan", "granska"),
        None,
        "handoff Sökande → Samhällsbyggnad (Sökande → Handläggare), 1 time per case, "
        "external party",
        None,
    )


def test_rework_loop():
    assert found("rework-loop", "sv") == [
        (
            "SKV201",
            ("registrera", "granska"),
            None,
            "går tillbaka 0,25 gånger per ärende: +7,5 min per ärende (20 % av ledtiden)",
            None,
        )
    ]


def test_rework_loop_counts_extra_hours_beyond_the_first_pass(tmp_path):
    # Loop of 3 h per pass taken back 50 %: 2 passes, 3 h extra of 6 h lead time.
    path = write(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 1h, wait: 2h, next: d}
        d: {kind: decision, next: [{to: e, when: ja}, {to: a, when: nej, p: 0.5}]}
        e: {kind: end}
        """,
    )
    [(_, steps, weight, message, _)] = found("rework-loop", "en", path)
    assert steps == ("a", "d") and weight is None  # costed in hours: test_impact.py
    assert message == "goes back 1 time per case: +3 h per case (50% of lead time)"


def test_bottleneck():
    # 12 of the 13 hours of lead time.
    assert found("bottleneck", "sv") == [
        ("SKV301", ("utred",), None, "92 % av ledtiden: väntan 1 d + arbete 4 h", None)
    ]


def test_a_step_off_the_critical_path_is_never_the_bottleneck(tmp_path):
    # t holds its 4 days and 1 hour of the 10 days and 2 hours; b, the longer branch, holds
    # only the day it takes beyond a; a holds nothing.
    path = tmp_path / "p.yaml"
    path.write_text(
        "process: P\ndepartments: {a: A}\nroles: {x: {name: X, department: a}}\nsteps:\n"
        "  s: {kind: start, next: t}\n  t: {role: x, work: 1h, wait: 4d, next: p}\n"
        "  p: {kind: parallel, next: [a, b]}\n  a: {role: x, wait: 5d, next: j}\n"
        "  b: {role: x, wait: 6d, next: j}\n  j: {role: x, work: 1h, next: e}\n"
        "  e: {kind: end}\n"
    )
    [(_, steps, _, message, _)] = found("bottleneck", "en", path)
    assert steps == ("t",) and message.startswith("40% of lead time")
    per_step = analyse(load(path)).metrics.per_step
    assert (per_step["a"].hours, per_step["b"].hours) == (0.0, 8.0)


def test_bottleneck_on_a_tie_takes_the_first_step():
    assert [h[1] for h in found("bottleneck", path=EXAMPLES / "system-switch.yaml")] == [
        ("bestall",)
    ]


def test_overloaded_role():
    assert found("overloaded-role", "en") == [
        (
            "SKV302",
            ("diarieför",),
            124.0,
            "Registrator loaded to 125%: 15 min work per case × 10 cases per hour ÷ capacity 2",
            "registrator",
        )
    ]


def test_overloaded_role_starts_at_85_percent(tmp_path):
    # 10 cases per working hour × 0.17 h ÷ 2 = 85 % (as near as floats get): score 60.
    # At 0.16 h (80 %) nothing.
    for work, expected in (("10.2m", [60.0]), ("9.6m", [])):
        path = write(
            tmp_path,
            f"""
            s: {{kind: start, next: a}}
            a: {{role: x, work: {work}, next: e}}
            e: {{kind: end}}
            """,
            head="volume: 1680/month\n",
        )
        text = path.read_text().replace("department: a}", "department: a, capacity: 2}")
        path.write_text(text)
        assert [h[2] for h in found("overloaded-role", path=path)] == expected, work


def test_long_wait():
    assert found("long-wait", "sv") == [
        ("SKV303", ("attest",), None, "väntar 3 d på Beslutsattest – 100 % av ledtiden", None)
    ]


def test_long_wait_needs_wait_far_beyond_work(tmp_path):
    path = write(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 1h, wait: 3h, next: b}
        b: {role: x, work: 1h, wait: 30m, next: c}
        c: {role: x, work: 15m, wait: 1h, next: e}
        e: {kind: end}
        """,
    )
    # a: 3 h is less than 4 × 1 h; b: under one hour; c: 1 h ≥ 4 × 15 min fires.
    assert [h[1] for h in found("long-wait", path=path)] == [("c",)]


def test_night_notification():
    assert found("night-notification", "sv") == [
        (
            "SKV401",
            ("paminn",),
            80.0,
            "Påminnelsen – kl. 02:00, utanför arbetstiden 07:00–18:00 (1 gång per ärende)",
            None,
        )
    ]


@pytest.mark.parametrize(
    ("at", "score"),
    [
        ("06:59", 40.1),
        ("07:00", None),
        ("17:59", None),
        ("18:00", 40.0),
        ("22:30", 76.0),
        ("23:30", 84.0),
    ],
)
def test_night_notification_scores_by_distance_from_working_hours(tmp_path, at, score):
    path = write(
        tmp_path,
        f"""
        s: {{kind: start, next: n}}
        n: {{kind: notify, at: "{at}", next: a}}
        a: {{role: x, work: 1h, next: e}}
        e: {{kind: end}}
        """,
    )
    assert [h[2] for h in found("night-notification", path=path)] == ([score] if score else [])


def test_system_switch():
    assert found("system-switch", "en") == [
        (
            "SKV501",
            ("registrera",),
            35.0,
            "Registrera fakturan i Raindance: data typed in again by hand, 1 time per case",
            None,
        )
    ]


def test_system_switch_looks_through_steps_without_systems_and_counts_manual_entry(tmp_path):
    path = write(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, system: s1, work: 1h, next: g}
        g: {kind: decision, next: [{to: b, when: ja, p: 0.4}, {to: c, when: nej}]}
        b: {role: x, system: s2, work: 1h, next: c}
        c: {role: x, system: [s1, s2], work: 1h, manual: true, next: e}
        e: {kind: end}
        """,
    )
    assert [(h[1], h[2], h[3]) for h in found("system-switch", path=path)] == [
        (("b",), 14.0, "switch S1 → S2: data entered again, 0.4 times per case"),
        (("c",), 35.0, "c: data typed in again by hand, 1 time per case"),
    ]


def test_reported_pain():
    assert found("reported-pain", "sv") == [
        (
            "SKV601",
            ("introducera",),
            65.0,
            "”Datorn är inte beställd när personen börjar” (Chef nr 3, 7 röster) "
            "+ 1 till (9 röster totalt)",
            None,
        )
    ]


def test_reported_pain_counts_a_report_without_votes_as_one_vote():
    [(_, steps, score, message, _)] = found("reported-pain", "en", ROOT / "examples" / "loop.yaml")
    assert (steps, score) == (("begar",), 15.0)
    assert message == "“Mallen för kompletteringsbrev säger inte vad som saknas” (1 vote)"


def test_approval_chain():
    assert found("approval-chain", "en") == [
        (
            "SKV701",
            ("chefsattest", "forvaltning", "budget"),
            None,
            "3 approvals in a row: Chefen attesterar → Förvaltningschefen godkänner → "
            "Controllern beviljar budget",
            None,
        )
    ]


def test_approval_chain_through_gateways_only(tmp_path):
    path = write(
        tmp_path,
        """
        s: {kind: start, next: a1}
        a1: {role: x, name: Attest 1, work: 5m, next: g}
        g: {kind: decision, next: [{to: a2, when: ja, p: 0.5}, {to: t, when: nej}]}
        a2: {role: y, name: Godkänn, work: 5m, next: t}
        t: {role: x, name: Skriv ut, work: 5m, next: a3}
        a3: {role: y, name: Beslut, work: 5m, next: e}
        e: {kind: end}
        """,
    )
    # a1 → (gateway) → a2 is a row; t is not an approval, so a3 stands alone.
    assert [h[1] for h in found("approval-chain", path=path)] == [("a1", "a2")]


def test_form_burden():
    assert found("form-burden", "sv") == [
        (
            "SKV702",
            ("anmal",),
            45.0,
            "3 blanketter att fylla i: Skadeanmälan, Försäkringskassans anmälan, Intyg från chef",
            None,
        )
    ]


def test_form_burden_weighs_by_visits_and_needs_two_forms(tmp_path):
    path = write(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 5m, forms: [A, B], next: d}
        d: {kind: decision, next: [{to: b, when: ja}, {to: a, when: nej, p: 0.5}]}
        b: {role: x, work: 5m, forms: [C], next: e}
        e: {kind: end}
        """,
    )
    assert [(h[1], h[2], h[3]) for h in found("form-burden", path=path)] == [
        (("a",), 60.0, "2 forms to fill in: A, B (2 times per case)")
    ]


# --- the engine --------------------------------------------------------------------------------


def test_hotspots_are_ranked_deterministically():
    process = load(ROOT / "processes" / "invoice.yaml")
    first, second = analyse(process).hotspots, analyse(process).hotspots
    assert first == second
    keys = [-h.score for h in first]
    assert keys == sorted(keys)
    assert all(0 <= h.score <= 100 for h in first)

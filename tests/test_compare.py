"""``skavmap compare``: step matching by id and by name, the figures side by side, what
differs per step, hotspots found in one variant only, and every format against saved output.

The variants under test are tests/data/compare/ (two units' "tolk" process). Saved outputs live
in tests/golden/compare/; after a deliberate change of output, rewrite them with
``SKAVMAP_UPDATE_GOLDEN=1 uv run pytest tests/test_compare.py`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, golden_checker, rich_text

from skavmap.analysis import compare as compare_module
from skavmap.analysis.engine import analyse
from skavmap.format.loader import load
from skavmap.outputs.vocabulary import Words
from skavmap.reporters import compare as reporter

GOLDEN = ROOT / "tests" / "golden" / "compare"
MJOLBY = "tests/data/compare/mjolby.yaml"
MOTALA = "tests/data/compare/motala.yaml"


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def comparison(lang: str, *files: str):
    return compare_module.compare([analyse(load(ROOT / f)) for f in files or (MJOLBY, MOTALA)])


matches_golden = golden_checker(GOLDEN)


def write(path: Path, steps: str, unit: str) -> Path:
    path.write_text(
        f"process: P\nid: p\nunit: {unit}\nroles:\n  r: {{name: R, external: true}}\n"
        f"steps:\n{steps}",
        encoding="utf-8",
    )
    return path


def test_steps_match_by_id_then_by_name():
    result = comparison("en")
    rows = [(row.ids, row.matched_by) for row in result.rows]
    assert rows == [
        (("behov", "start"), ("first", "name")),
        (("bestall", "boka"), ("first", "name")),
        (("bekrafta", "bekrafta"), ("first", "id")),
        (("paminn", None), ("first", None)),  # the first variant's own step comes first
        ((None, "attest"), (None, "first")),
        (("kontroll", "kontroll"), ("first", "id")),
        (("klar", "slut"), ("first", "name")),
    ]
    assert [r.ids[0] for r in result.only_in(0)] == ["paminn"]
    assert [r.ids[1] for r in result.only_in(1)] == ["attest"]


def test_names_below_the_threshold_stay_apart(tmp_path):
    a = write(
        tmp_path / "a.yaml",
        "  s: {kind: start, next: x}\n  x: {name: Kontera fakturan, "
        "role: r, work: 1h, wait: 1h, next: e}\n  e: {kind: end}\n",
        "A",
    )
    b = write(
        tmp_path / "b.yaml",
        "  s: {kind: start, next: y}\n  y: {name: Betala ut, "
        "role: r, work: 1h, wait: 1h, next: e}\n  e: {kind: end}\n",
        "B",
    )
    assert compare_module.name_similarity("Kontera fakturan", "Betala ut") < 0.6
    rows = compare_module.align([load(a), load(b)])
    assert [row.ids for row in rows] == [("s", "s"), ("x", None), (None, "y"), ("e", "e")]


def test_start_and_end_only_match_their_own_kind(tmp_path):
    a = write(
        tmp_path / "a.yaml",
        "  klar: {kind: start, name: Klar, next: e}\n  e: {kind: end, name: Slut}\n",
        "A",
    )
    b = write(
        tmp_path / "b.yaml",
        "  s: {kind: start, name: Start, next: klar2}\n  klar2: {kind: end, name: Klar}\n",
        "B",
    )
    rows = compare_module.align([load(a), load(b)])
    # "Klar" names a start in one file and an end in the other: not the same step.
    assert [row.ids for row in rows] == [(None, "s"), ("klar", None), ("e", None), (None, "klar2")]


def test_three_variants_line_up_against_the_first(tmp_path):
    steps = (
        "  s: {kind: start, next: a}\n  a: {name: Ansök, role: r, work: 1h, wait: 1d, next: e}\n"
    )
    one = write(tmp_path / "1.yaml", steps + "  e: {kind: end}\n", "Ett")
    two = write(
        tmp_path / "2.yaml",
        steps.replace("next: e", "next: b") + "  b: {name: Beslut, "
        "role: r, work: 1h, wait: 2d, next: e}\n  e: {kind: end}\n",
        "Två",
    )
    three = write(tmp_path / "3.yaml", steps.replace("1d", "3d") + "  e: {kind: end}\n", "Tre")
    result = compare_module.compare([analyse(load(p)) for p in (one, two, three)])
    assert result.labels == ("Ett", "Två", "Tre")
    assert [row.ids for row in result.rows] == [
        ("s", "s", "s"),
        ("a", "a", "a"),
        (None, "b", None),
        ("e", "e", "e"),
    ]
    waits = [
        values(result, row, d, "en")
        for row in result.rows
        for d in result.differences(row)
        if d.field == "wait"
    ]
    assert waits == [("1 d", "1 d", "3 d")]
    figures = reporter.figures(result, Words("en"))
    assert all(delta is None for _, _, delta in figures)  # no single difference column
    assert len(figures[0][1]) == 3


def values(result, row, difference, lang: str) -> tuple:
    """What each variant has in the differing field, as the reports show it."""
    return tuple(
        reporter.show(result, difference.field, k, row, Words(lang)) if present else None
        for k, present in enumerate(difference.present)
    )


def test_differences_name_what_changed():
    result = comparison("sv")
    changed = {
        (result.name(row), d.field): values(result, row, d, "sv")
        for row in result.rows
        for d in result.differences(row)
    }
    assert changed[("Beställ tolk i portalen", "role")] == (
        "Socialsekreterare (Socialtjänsten)",
        "Administratör (Socialtjänsten)",
    )
    assert changed[("Beställ tolk i portalen", "systems")] == ("Tolkportalen", "Telefon")
    assert changed[("Beställ tolk i portalen", "wait")] == ("1 d", "2 d")
    assert changed[("Stäm av tolkfakturan", "manual")] == ("ja", "nej")
    # The same role in a department that is only named differently is not a difference.
    assert ("Stäm av tolkfakturan", "role") not in changed


def test_figures_side_by_side_with_signed_differences():
    figures = {
        name: (values, delta)
        for name, values, delta in reporter.figures(comparison("sv"), Words("sv"))
    }
    assert figures["Ledtid"] == (["9,1 d", "12,1 d"], "+3 d")
    assert figures["Överlämningar"] == (["2", "4"], "+2")
    assert figures["Flödeseffektivitet"][1] == "−0,1 procentenheter"
    assert figures["Slingor"] == (["0", "0"], "±0")


def test_lead_time_difference_is_explained_by_steps():
    result = comparison("en")
    lines = reporter.contribution_lines(result, 1, Words("en"))
    assert lines[0] == ("Attestera tolkfakturan", ["absent", "2 d"], "+2 d")
    assert lines[1] == ("Beställ tolk i portalen", ["1 d", "2 d"], "+1 d")


def test_hotspots_present_in_one_variant_only():
    result = comparison("en")
    found = [(p.code, [h is not None for h in p.found]) for p in result.hotspots]
    assert ("SKV401", [True, False]) in found  # the night reminder only Mjölby has
    assert ("SKV303", [False, True]) in found  # the wait for Motala's extra attest
    # Counted ones from the minimum score; a flag that cannot be counted whatever it scores.
    assert all(
        max(h.score for h in p.found if h) >= result.min_score
        or any(h.impact is None for h in p.found if h)
        for p in result.hotspots
    )
    scores = [max(h.score for h in p.found if h) for p in result.hotspots]
    assert scores == sorted(scores, reverse=True)
    # Hotspots both have (the long wait at kontroll) are not listed.
    assert not any(p.code == "SKV301" for p in result.hotspots)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_text_report_golden(at_root, lang):
    matches_golden(
        f"tolk.{lang}.txt", rich_text(reporter.text_report(comparison(lang), Words(lang)))
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_markdown_report_golden(at_root, lang):
    matches_golden(f"tolk.{lang}.md", reporter.markdown_report(comparison(lang), Words(lang)))


def test_json_report_golden(at_root):
    text = reporter.json_report(comparison("en"), Words("en"))
    matches_golden("tolk.json", text)
    document = json.loads(text)
    assert [v["label"] for v in document["variants"]] == ["Mjölby kommun", "Motala kommun"]
    assert document["variants"][0]["metrics"]["lead_time_hours"] == pytest.approx(72.58, abs=0.01)
    assert document["steps"][1]["matched_by"] == ["first", "name"]
    assert document["steps"][1]["differences"]["wait"] == ["1 d", "2 d"]
    first = document["hotspots"][0]
    assert first["code"] == "SKV303" and first["variants"][0] is None  # Motala's extra attest


def test_command_prints_the_golden_text(cli):
    done = cli("compare", MJOLBY, MOTALA, "--lang", "sv", env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == (GOLDEN / "tolk.sv.txt").read_text(encoding="utf-8")


def test_command_needs_two_files(cli):
    done = cli("compare", MJOLBY)
    assert done.returncode == 2 and "at least two" in done.stderr
    assert cli("compare", MJOLBY, MOTALA, "--format", "csv").returncode == 2


def test_the_two_invoice_units_differ_as_the_files_say(cli):
    done = cli(
        "compare", "processes/invoice.yaml", "processes/motala/invoice.yaml", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert [v["unit"] for v in document["variants"]] == ["Exempelkommun", "Motala kommun"]
    rows = {tuple(s["ids"]): s for s in document["steps"]}
    assert rows[("kontera", "kontering")]["matched_by"] == ["first", "name"]
    assert "role" in rows[("kontera", "kontering")]["differences"]
    assert rows[("beslutsattest", "beslutsattest")]["differences"]["wait"] == ["3 d", "5 d"]
    assert ("paminn", None) in rows and (None, "granskning") in rows
    only = {(h["code"], h["variants"][0] is None) for h in document["hotspots"]}
    assert ("SKV401", False) in only  # the night reminder: only Exempelkommun
    assert ("SKV701", True) in only  # the extra approval: only Motala
    lead = [v["metrics"]["lead_time_hours"] for v in document["variants"]]
    assert lead[1] > lead[0]


def test_the_command_default_is_the_documented_one():
    import inspect

    from skavmap import cli

    default = inspect.signature(cli.compare).parameters["min_score"].default
    assert default == compare_module.MIN_SCORE == 5

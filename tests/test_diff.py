"""``skavmap diff`` of two files: what changed in meaning, and its reports.

tests/data/diff/before.yaml and after.yaml differ in every way the diff knows: a step renamed
under a new id and one under the same id, a step removed and two added, a changed wait, a
role moved to another department (a cross-department handoff gained), a loop introduced and
a night-time notification. Saved reports live in tests/golden/ci/ (rewrite them with
``SKAVMAP_UPDATE_GOLDEN=1``).
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, golden_checker, run_cli

from skavmap.analysis.config import load_config
from skavmap.analysis.diff import Breach, DiffResult, compare, handoff_edges, match_steps
from skavmap.analysis.engine import analyse
from skavmap.analysis.ratchet import apply
from skavmap.analysis.results import Finding
from skavmap.analysis.rules import find
from skavmap.commands.diff import diff_files
from skavmap.format.loader import load
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.diff_json import json_report
from skavmap.reporters.diff_markdown import MARKER, markdown_report
from skavmap.reporters.diff_text import breach_process, breach_text, text_report

DATA = ROOT / "tests" / "data" / "diff"
BEFORE, AFTER = DATA / "before.yaml", DATA / "after.yaml"
GOLDEN = ROOT / "tests" / "golden" / "ci"


@pytest.fixture(scope="module")
def change():
    return compare(analyse(load(BEFORE)), analyse(load(AFTER)), "before.yaml", "after.yaml")


matches_golden = golden_checker(GOLDEN)


def test_steps_matched_by_id_and_by_similar_name_and_neighbours():
    mapping = match_steps(load(BEFORE), load(AFTER))
    assert mapping["ansok"] == "ansokan"
    assert mapping["registrera"] == "registrera"
    assert "arkivera" not in mapping


def test_a_similar_name_with_other_neighbours_is_not_a_rename(tmp_path):
    text = BEFORE.read_text(encoding="utf-8")
    moved = text.replace("next: arkivera", "next: arkiv2").replace(
        "arkivera: {name: Arkivera beslutet, role: chef, work: 2m, next: klar}",
        "arkiv2: {name: Arkivera beslutet, role: chef, work: 2m, next: klar}",
    )
    (tmp_path / "a.yaml").write_text(moved, encoding="utf-8")
    assert match_steps(load(BEFORE), load(tmp_path / "a.yaml"))["arkivera"] == "arkiv2"
    elsewhere = (
        moved.replace("{to: registrera, when: ja", "{to: arkiv2, when: ja")
        .replace("next: arkiv2\n", "next: klar\n")
        .replace("work: 2m, next: klar}", "work: 2m, next: registrera}")
    )
    (tmp_path / "b.yaml").write_text(elsewhere, encoding="utf-8")
    assert "arkivera" not in match_steps(load(BEFORE), load(tmp_path / "b.yaml"))


def test_steps_added_removed_renamed_changed(change):
    assert [s.id for s in change.steps_added] == ["kontroll", "bekrafta"]
    assert [s.id for s in change.steps_removed] == ["arkivera"]
    assert [(r.old_id, r.new_id) for r in change.steps_renamed] == [
        ("ansok", "ansokan"),
        ("registrera", "registrera"),
    ]
    changes = {
        c.id: {(f.field, written(f.old), written(f.new)) for f in c.changes}
        for c in change.steps_changed
    }
    assert changes == {
        "besluta": {("wait", "3d", "2d")},
        "registrera": {("role", "Chef", "Lönehandläggare"), ("next", "arkivera", "kontroll")},
    }


def written(value):
    return getattr(value, "text", value)


def test_cross_department_handoff_gained_as_a_role_pair_on_its_edge(change):
    (gained,) = change.handoffs_gained
    assert (gained.from_role, gained.to_role, gained.cross) == ("chef", "lon", True)
    assert (gained.from_unit, gained.to_unit) == ("Verksamhet", "Lön och HR")
    assert gained.edges == (("besluta", "registrera"),)
    assert change.handoffs_lost == []


def test_loops_and_hotspots(change):
    assert [loop.steps for loop in change.loops_introduced] == [("registrera", "kontroll")]
    assert change.loops_removed == []
    # The new handoff to Lön och HR is in handoffs_gained; as a hotspot it joined the wait
    # that costs it.
    assert "SKV401" in {code for h in change.hotspots_new for code in h.codes}


def test_figures_with_hand_checked_values(change):
    lead = change.figure("lead_time_hours")
    # before: ansok 10m + besluta (3d wait + 5m), both 1/0.9 visits; registrera 1d + 5m; arkivera 2m
    visits = 1 / 0.9
    old_lead = visits * (10 / 60 + 24 + 5 / 60) + 8 + 5 / 60 + 2 / 60
    assert lead.old == pytest.approx(old_lead, abs=1e-6)
    assert lead.delta == pytest.approx(lead.new - lead.old)
    assert change.figure("cross_department_handoffs").old == 0
    assert change.figure("loops").old == 1 and change.figure("loops").new == 2


def test_handoffs_see_through_steps_without_a_role():
    process = load(ROOT / "examples" / "analysers" / "cross-department-handoff.yaml")
    edges = handoff_edges(process)
    for (source, target), places in edges.items():
        for u, v in places:
            assert process.steps[u].role == source and process.steps[v].role == target


def test_identical_files_have_no_changes():
    result = diff_files(AFTER, AFTER)
    assert result.exit_code == 0
    (same,) = result.diffs
    assert not same.changed


def test_text_report_golden(change):
    from skavmap.analysis.diff import DiffResult

    matches_golden("diff.txt", text_report(DiffResult(None, [change]), Words("en"), False))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_markdown_report_golden(lang):
    from skavmap.analysis.diff import DiffResult

    change = compare(analyse(load(BEFORE)), analyse(load(AFTER)), "before.yaml", "after.yaml")
    text = markdown_report(DiffResult("main", [change]), Words(lang), False)
    assert text.startswith(MARKER + "\n")
    matches_golden(f"diff.{lang}.md", text)


def test_json_report_golden(change):
    from skavmap.analysis.diff import DiffResult

    text = json_report(DiffResult(None, [change]), Words("en"))
    matches_golden("diff.json", text)
    document = json.loads(text)
    (process,) = document["processes"]
    assert process["cross_department_handoffs"]["gained"][0]["edges"] == [["besluta", "registrera"]]


def test_two_files_from_the_command_line():
    result = run_cli("diff", str(BEFORE), str(AFTER), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "cross-department Verksamhet → Lön och HR: Chef → Lönehandläggare" in result.stdout
    assert "lead time" in result.stdout and "↓" in result.stdout


def test_usage_errors_exit_2():
    assert run_cli("diff", str(BEFORE)).returncode == 2
    assert run_cli("diff", str(BEFORE), str(AFTER), "--format", "html").returncode == 2


def test_a_file_that_does_not_load_is_an_input_error(tmp_path):
    broken = tmp_path / "trasig.yaml"
    broken.write_text("process: X\nsteps:\n  s: {kind: start, next: e}\n  e: {kind: end, nxt: s}\n")
    result = run_cli("diff", str(BEFORE), str(broken))
    assert result.returncode == 2
    assert f"{broken}:4:18: error: unknown field 'nxt'" in result.stderr
    assert "Traceback" not in result.stderr


def breach(setting: str, change) -> Breach:
    loop = Finding(("registrera", "kontroll"), {"old": 1, "new": 2})
    return Breach(find("allow-new-loops"), setting, change.file, loop)


@pytest.mark.parametrize(
    ("breaches", "sv", "en"),
    [
        ([], "spärr (ratchet): ingen regel bruten", "ratchet: no rule broken"),
        (["r1"], "spärr (ratchet): 1 regel bruten", "ratchet: 1 rule broken"),
        (["r1", "r2"], "spärr (ratchet): 2 regler brutna", "ratchet: 2 rules broken"),
        (["r1"] * 3, "spärr (ratchet): 1 regel bruten 3 gånger", "ratchet: 1 rule broken 3 times"),
        (
            ["r1", "r1", "r2", "r2", "r2"],
            "spärr (ratchet): 2 regler brutna 5 gånger sammanlagt",
            "ratchet: 2 rules broken 5 times in all",
        ),
    ],
)
def test_the_ratchet_verdict_counts_what_it_lists(change, breaches, sv, en):
    result = DiffResult(None, [change], breaches=[breach(rule, change) for rule in breaches])
    for lang, verdict in (("sv", sv), ("en", en)):
        lines = text_report(result, Words(lang)).splitlines()
        start = lines.index(verdict)
        assert len(lines) - start - 1 == len(breaches)  # one line per breach, nothing else
    markdown = markdown_report(result, Words("sv"))
    assert sv[:1].upper() + sv[1:] in markdown
    assert markdown.count("- ❌ ") == len(breaches)


def test_swedish_words_of_the_diff(tmp_path):
    moved = compare(
        analyse(load(BEFORE)),
        analyse(load(BEFORE)),
        "gammal.yaml",
        "ny.yaml",
        "renamed",
    )
    text = text_report(DiffResult(None, [moved]), Words("sv"))
    assert "ny.yaml: bytt namn från gammal.yaml, ingen ändring i sak" in text
    config = tmp_path / "skavmap.toml"
    config.write_text('max-lead-time-increase = "10%"\n', encoding="utf-8")
    backward = compare(analyse(load(AFTER)), analyse(load(BEFORE)), "a", "b")
    (lead,), _ = apply(backward, load_config(config).ratchet())
    result = DiffResult(None, [backward], breaches=[lead])
    message = breach_text(lead, breach_process(result, lead), Words("sv"))
    assert message.endswith("mer än de tillåtna 10 %")

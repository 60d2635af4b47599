"""The pre-commit hook and the GitHub Actions example, exercised as far as runs offline.

The hook test runs the hook's entry on the files its patterns select, as pre-commit would.
The workflow test checks that every skavmap command in it exists with the options it uses,
then plays its steps in a scratch repository with a pull-request branch: the check step with
GITHUB_ACTIONS=true, and the diff step's own shell script with the variables GitHub sets.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import typer
import yaml
from conftest import ROOT, run_cli, shipped
from scratch_repo import commit, git, new_repo, write

from skavmap.cli import app

HOOKS = ROOT / ".pre-commit-hooks.yaml"
WORKFLOW = ROOT / "examples" / "ci" / "github-actions.yml"
PRE_COMMIT_EXAMPLE = ROOT / "examples" / "ci" / "pre-commit-config.yaml"


def hook() -> dict:
    (found,) = [h for h in yaml.safe_load(HOOKS.read_text("utf-8")) if h["id"] == "skavmap-check"]
    return found


def entry_args(entry: str) -> list[str]:
    program, *args = shlex.split(entry)
    assert program == "skavmap"
    return args


def selected_by_hook(candidates) -> list[str]:
    pattern = re.compile(hook()["files"])
    return sorted(str(p.relative_to(ROOT)) for p in candidates if pattern.search(p.name))


def test_hook_definition():
    found = hook()
    assert found["language"] == "python"
    assert found["entry"].startswith("skavmap check")
    assert "yaml" in found["types"]
    example = yaml.safe_load(PRE_COMMIT_EXAMPLE.read_text("utf-8"))
    assert example["repos"][0]["hooks"][0]["id"] == "skavmap-check"


def test_hook_entry_passes_on_the_shipped_files_and_skips_other_yaml():
    candidates = [
        *shipped("processes", "examples"),
        HOOKS,
        PRE_COMMIT_EXAMPLE,
        WORKFLOW,
    ]
    files = selected_by_hook([p for p in candidates if p.is_file()])
    assert ".pre-commit-hooks.yaml" in files and "examples/ci/github-actions.yml" in files
    result = run_cli(*entry_args(hook()["entry"]), *files)
    assert result.returncode == 0, result.stdout + result.stderr
    processes = [f for f in files if not f.startswith((".", "examples/ci/"))]
    assert f"All OK: {len(processes)} files, {len(processes)} processes checked" in result.stdout


def test_hook_entry_fails_on_a_broken_process(tmp_path):
    broken = tmp_path / "trasig.yaml"
    broken.write_text("process: X\nsteps:\n  s: {kind: start, next: e}\n  e: {kind: end, nxt: s}\n")
    result = run_cli(*entry_args(hook()["entry"]), str(broken))
    assert result.returncode == 2
    assert f"{broken}:4:18: error: unknown field 'nxt'" in result.stdout


# --- GitHub Actions ------------------------------------------------------------------------------


def workflow_steps() -> list[dict]:
    document = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert {"push", "pull_request"} <= set(document[True])  # YAML 1.1 reads `on` as true
    (job,) = document["jobs"].values()
    return job["steps"]


def skavmap_calls(script: str) -> list[list[str]]:
    calls = []
    for line in script.splitlines():
        if "skavmap " in line:
            words = shlex.split(line.split("uv run ", 1)[1].split(">")[0])
            calls.append(words)
    return calls


def test_workflow_names_commands_and_options_that_exist():
    command = typer.main.get_command(app)
    calls = [c for step in workflow_steps() for c in skavmap_calls(step.get("run", ""))]
    assert [c[:2] for c in calls] == [["skavmap", "check"], ["skavmap", "diff"]]
    for _, name, *args in calls:
        sub = command.commands[name]
        options = {opt for param in sub.params for opt in param.opts}
        used = {a for a in args if a.startswith("--")}
        assert used <= options, (name, used - options)
    diff_args = calls[1]
    assert "--base" in diff_args and diff_args[diff_args.index("--format") + 1] == "markdown"
    checkout = next(s for s in workflow_steps() if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


PROCESS = """\
process: Leverantörsfaktura
departments: {ekonomi: Ekonomi, verksamhet: Verksamhet}
roles:
  reskontra: {name: Reskontraekonom, department: ekonomi}
  chef: {name: Budgetansvarig chef, department: verksamhet}
steps:
  in: {kind: start, next: registrera}
  registrera: {name: Registrera, role: reskontra, work: 5m, wait: 4h, next: betala}
  betala: {name: Betala, role: reskontra, work: 2m, wait: 1d, next: klar}
  klar: {kind: end}
"""


def run_step(script: str, repo, env: dict) -> subprocess.CompletedProcess:
    python = shlex.quote(sys.executable)
    script = script.replace("uv run skavmap", f"{python} -m skavmap")
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=repo,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(not (shutil.which("git") and shutil.which("bash")), reason="needs git, bash")
@pytest.mark.parametrize("ratchet", [False, True])
def test_workflow_dry_run_on_a_pull_request(tmp_path, ratchet):
    repo = new_repo(tmp_path / "kommun")
    if ratchet:
        write(repo, "skavmap.toml", "allow-new-cross-department-handoffs = false\n")
    write(repo, "processes/faktura.yaml", PROCESS)
    commit(repo, "Fakturaflödet")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # as actions/checkout leaves it
    git(repo, "checkout", "-q", "-b", "attest")
    attest = "  attest: {name: Attestera, role: chef, work: 5m, wait: 2d, next: betala}\n"
    changed = PROCESS.replace("wait: 4h, next: betala}", "wait: 4h, next: attest}").replace(
        "  betala:", attest + "  betala:"
    )
    write(repo, "processes/faktura.yaml", changed)
    commit(repo, "Attest")

    steps = {s.get("name"): s for s in workflow_steps()}
    output, summary = tmp_path / "github_output", tmp_path / "step_summary"
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_BASE_REF": "main",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    checked = run_step(steps["Check all processes"]["run"], repo, env)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("::notice file=processes/faktura.yaml,line=")

    compared = run_step(steps["Compare with the base branch"]["run"], repo, env)
    assert compared.returncode == 0, compared.stderr  # the step records the status, goes on
    status = output.read_text().strip()
    assert status == ("status=1" if ratchet else "status=0")
    comment = (repo / "skavmap-diff.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- skavmap-diff -->\n")
    assert "compared with `origin/main`" in comment or "jämfört med `origin/main`" in comment
    assert "`registrera` → `attest`" in comment
    assert summary.read_text(encoding="utf-8") == comment
    comment_step = steps["Comment on the pull request"]["run"]
    assert "--body-file skavmap-diff.md" in comment_step

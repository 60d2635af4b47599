"""Configuration: discovery, validation with positions, selection, severities and thresholds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from skavmap.analysis.config import (
    Config,
    ConfigError,
    config_for,
    find_config,
    ignored_in_file,
    is_selected,
    load_config,
    severity_of,
)

EXAMPLES = ROOT / "examples" / "analysers"
NIGHT = EXAMPLES / "night-notification.yaml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return [str(d) for d in caught.value.diagnostics]


# --- discovery -------------------------------------------------------------------------------


def test_found_by_walking_up_from_the_first_path(tmp_path):
    config = write(tmp_path / "skavmap.toml", 'fail-level = "warning"\n')
    deep = tmp_path / "processes" / "ekonomi"
    deep.mkdir(parents=True)
    assert find_config(deep) == config
    assert find_config(deep / "faktura.yaml") == config
    assert config_for([deep]).fail_level == "warning"


def test_pyproject_without_our_table_is_passed_over(tmp_path):
    outer = write(tmp_path / "pyproject.toml", '[tool.skavmap]\nfail-level = "info"\n')
    write(tmp_path / "inner" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "inner") == outer


def test_skavmap_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.skavmap]\nfail-level = "info"\n')
    own = write(tmp_path / "skavmap.toml", 'fail-level = "warning"\n')
    assert find_config(tmp_path) == own


def test_search_stops_at_the_repository_root(tmp_path):
    write(tmp_path / "skavmap.toml", 'fail-level = "warning"\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "processes").mkdir()
    assert find_config(repo / "processes") is None
    assert config_for([repo / "processes"]) == Config(root=config_for([repo]).root)


def test_explicit_path_overrides_discovery(tmp_path):
    write(tmp_path / "skavmap.toml", 'fail-level = "warning"\n')
    other = write(tmp_path / "strikt.toml", 'fail-level = "info"\n')
    assert config_for([tmp_path], other).fail_level == "info"
    with pytest.raises(ConfigError) as caught:
        config_for([tmp_path], tmp_path / "saknas.toml")
    assert "no such configuration file" in str(caught.value)


# --- validation ------------------------------------------------------------------------------


def test_unknown_keys_are_errors_with_a_suggestion_and_position(tmp_path):
    path = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.skavmap]\nmax-lead-tme = "10d"\n  max_handoffs = 3\n',
    )
    assert errors_of(path) == [
        f"{path}:5:1: error: unknown key 'max-lead-tme'; did you mean 'max-lead-time'?",
        f"{path}:6:3: error: unknown key 'max_handoffs'; did you mean 'max-handoffs'?",
    ]


def test_bad_values_name_the_key_and_what_to_write(tmp_path):
    path = write(
        tmp_path / "skavmap.toml",
        'fail-level = "fatal"\n'
        "max-lead-time = 10\n"
        "max-loops = 1.5\n"
        'min-flow-efficiency = "fem procent"\n'
        'allow-new-loops = "nej"\n'
        'ignore = ["SKV4", "night-notifikation"]\n'
        "\n[severity]\n"
        'SKV101 = "loud"\n',
    )
    assert errors_of(path) == [
        f"{path}:1:1: error: fail-level: expected error, warning or info, not 'fatal'",
        f"{path}:2:1: error: max-lead-time: '10' has no unit; "
        "write 10m (minutes), 10h (hours) or 10d (working days)",
        f"{path}:3:1: error: max-loops: expected a whole number between 0 and 1000000000, not 1.5",
        f"{path}:4:1: error: min-flow-efficiency: expected a share (0.05) or a percentage "
        "(\"5%\"), not 'fem procent'",
        f"{path}:5:1: error: allow-new-loops: expected true or false, not 'nej'",
        f"{path}:6:19: error: ignore: unknown code or analyser 'night-notifikation'; "
        "did you mean 'night-notification'?",
        f"{path}:9:1: error: severity.SKV101: expected error, warning, info or off, not 'loud'",
    ]


def test_toml_syntax_errors_have_a_position(tmp_path):
    path = write(tmp_path / "skavmap.toml", 'fail-level = "error"\nmax-loops = \n')
    (message,) = errors_of(path)
    assert message.startswith(f"{path}:2:") and "not valid TOML" in message


def test_every_key_is_documented():
    from skavmap.analysis.config import known_keys

    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    missing = [key for key in known_keys() if f"`{key}`" not in text]
    assert missing == []


# --- selection and severity ------------------------------------------------------------------


def test_the_closest_selector_wins(tmp_path):
    path = write(
        tmp_path / "skavmap.toml",
        'select = ["SKV1", "SKV401"]\nignore = ["SKV101", "SKV4"]\n'
        '[severity]\nSKV = "warning"\n"night-notification" = "error"\nSKV501 = "off"\n',
    )
    config = load_config(path)
    assert not is_selected(config, "SKV101", "cross-department-handoff")  # ignore is closer
    assert is_selected(config, "SKV102", "x")  # only select SKV1 matches
    assert is_selected(config, "SKV401", "night-notification")  # select is closer than SKV4
    assert not is_selected(config, "SKV201", "rework-loop")  # not selected at all
    assert severity_of(config, "SKV401", "night-notification", "info") == "error"
    assert severity_of(config, "SKV201", "rework-loop", "info") == "warning"
    assert severity_of(config, "SKV501", "system-switch", "info") == "off"


def test_night_notifications_shorthand_yields_to_the_severity_table(tmp_path):
    short = load_config(write(tmp_path / "a" / "skavmap.toml", 'night-notifications = "error"\n'))
    assert severity_of(short, "SKV401", "night-notification", "info") == "error"
    both = load_config(
        write(
            tmp_path / "b" / "skavmap.toml",
            'night-notifications = "error"\n[severity]\nSKV401 = "warning"\n',
        )
    )
    assert severity_of(both, "SKV401", "night-notification", "info") == "warning"


def test_per_file_ignores_match_globs_relative_to_the_config(tmp_path):
    config = load_config(
        write(
            tmp_path / "skavmap.toml",
            '[per-file-ignores]\n"processes/gamla/**/*.yaml" = ["SKV4"]\n'
            '"utkast-*.yaml" = ["ALL"]\n',
        )
    )
    old = tmp_path / "processes" / "gamla" / "2019" / "faktura.yaml"
    assert ignored_in_file(config, old, "SKV401", "night-notification")
    assert not ignored_in_file(config, old, "SKV101", "cross-department-handoff")
    assert ignored_in_file(config, tmp_path / "x" / "utkast-lön.yaml", "SKV101", "y")
    assert not ignored_in_file(config, tmp_path / "processes" / "ny.yaml", "SKV401", "z")


# --- through the check command ---------------------------------------------------------------


def check_json(*args: str, cwd: Path | None = None) -> tuple[int, dict]:
    result = run_cli("check", "--format", "json", *args, cwd=cwd)
    return result.returncode, json.loads(result.stdout)


def test_analyser_findings_are_info_and_never_fail(tmp_path):
    config = write(tmp_path / "c.toml", "")
    code, report = check_json(str(NIGHT), "--strict", "--config", str(config))
    assert code == 0
    night = [f for f in report["findings"] if f["code"] == "SKV401"]
    assert night and {f["severity"] for f in report["findings"]} == {"info"}
    process = report["processes"][0]
    assert {"id", "name", "file", "metrics", "hotspots"} <= set(process)


def test_configured_severity_fails_at_the_step(tmp_path):
    config = write(tmp_path / "c.toml", 'night-notifications = "error"\n')
    code, report = check_json(str(NIGHT), "--config", str(config))
    assert code == 1
    (night,) = [f for f in report["findings"] if f["code"] == "SKV401"]
    assert night["severity"] == "error"
    line = NIGHT.read_text(encoding="utf-8").splitlines()[night["line"] - 1]
    assert line.strip().startswith("paminn:")


def test_fail_level_info_fails_on_any_finding(tmp_path):
    config = write(tmp_path / "c.toml", "")
    plain = ("check", str(NIGHT), "--config", str(config))
    assert run_cli(*plain).returncode == 0
    assert run_cli(*plain, "--fail-level", "info").returncode == 1
    assert run_cli("check", str(NIGHT), "--fail-level", "loud").returncode == 2


def test_thresholds_become_errors_with_their_codes(tmp_path):
    config = write(
        tmp_path / "c.toml",
        'max-lead-time = "1h"\nmax-wait = "1h"\nmin-flow-efficiency = "99%"\n'
        'max-handoffs = 0\nmax-loops = 0\n[severity]\nSKV903 = "warning"\n',
    )
    process = ROOT / "examples" / "loop.yaml"
    code, report = check_json(str(process), "--config", str(config), "--lang", "en")
    assert code == 1
    found = {f["code"]: f for f in report["findings"] if f["kind"] == "threshold"}
    assert set(found) >= {"SKV901", "SKV903", "SKV904", "SKV906", "SKV907"}
    assert found["SKV901"]["severity"] == "error" and found["SKV901"]["line"] == 1
    assert "over max-lead-time = 1h" in found["SKV901"]["message"]
    assert found["SKV903"]["severity"] == "warning"
    waits = [f for f in report["findings"] if f["code"] == "SKV907"]
    text = process.read_text(encoding="utf-8").splitlines()
    assert all(text[f["line"] - 1].strip().startswith(f"{f['steps'][0]}:") for f in waits)


def test_select_and_min_score_thin_the_report(tmp_path):
    config = write(tmp_path / "c.toml", 'select = ["long-wait"]\nmin-score = 30\n')
    _, report = check_json(str(EXAMPLES), "--config", str(config))
    assert {f["code"] for f in report["findings"]} == {"SKV303"}
    assert all(f["score"] >= 30 for f in report["findings"])


def test_a_broken_configuration_stops_with_exit_2(tmp_path):
    write(tmp_path / "skavmap.toml", 'fail-levle = "error"\n')
    write(tmp_path / "p.yaml", (ROOT / "examples" / "minimal.yaml").read_text(encoding="utf-8"))
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 2
    assert f"{tmp_path / 'skavmap.toml'}:1:1: error: unknown key 'fail-levle'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "module",
    [
        "skavmap.analysis.selectors",
        "skavmap.analysis.rules",
        "skavmap.analysis.diff",
        "skavmap.reporters.check_text",
        "skavmap.reporters.github",
        "skavmap.reporters.sarif",
    ],
)
def test_doctests(module, monkeypatch):
    import doctest
    import importlib

    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failures == 0

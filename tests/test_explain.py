"""``skavmap explain`` covers analysers and thresholds alike."""

from __future__ import annotations

from conftest import run_cli


def test_explain_threshold_code():
    result = run_cli("explain", "SKV901", "--lang", "en")
    assert result.returncode == 0
    assert result.stdout.splitlines()[:2] == [
        "SKV901 max-lead-time (threshold)",
        "Lead time over the configured limit max-lead-time.",
    ]


def test_explain_by_name_and_lower_case_code():
    by_name = run_cli("explain", "rework-loop", "--lang", "en")
    by_code = run_cli("explain", "skv201", "--lang", "en")
    assert by_name.stdout == by_code.stdout
    assert by_name.stdout.startswith("SKV201 rework-loop (loop)\n")


def test_explain_unknown_code_is_usage_error():
    result = run_cli("explain", "SKV999")
    assert result.returncode == 2
    assert "no analyser or threshold 'SKV999'" in result.stderr

"""The GitHub Action's shell steps, run here as the runner runs them (``bash -e`` with the
step's ``env:``, ``$GITHUB_OUTPUT`` and ``$RUNNER_TEMP``), on a repository whose changed files
have hostile names: none may run a command, split into two arguments or be left unchecked."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from tests.conftest import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
GARBLED = "The minister met Shri Modi in Delhi on Tuesday.\n"
HOSTILE = ["a$(touch PWNED).md", "my story.md", 'quote\'s "double".md', "new\nline.md", "-dash.md", "`tick`.txt"]


def test_no_expression_is_interpolated_into_a_script():
    for step in STEPS:
        assert "${{" not in step.get("run", ""), step["name"]


def test_the_verdict_always_runs_and_a_failed_upload_is_a_warning():
    by_name = {step.get("name", step.get("uses")): step for step in STEPS}
    assert by_name["Upload SARIF"]["continue-on-error"] is True
    assert by_name["Verdict"]["if"] == "always()"
    assert "::warning" in by_name["SARIF upload unavailable"]["run"]
    assert sum("mtlint check" in step.get("run", "") for step in STEPS) == 1  # one run, every report


class Runner:
    """Runs the action's bash steps with GitHub's expression context, as a runner does."""

    def __init__(self, workspace: Path, temp: Path, inputs: dict[str, str], event: dict[str, str]):
        self.workspace, self.temp = workspace, temp
        self.inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | inputs
        self.event = event
        self.steps: dict[str, dict] = {}
        self.summary = temp / "step-summary.md"
        self.log = ""

    def value(self, name: str) -> str:
        if name.startswith("inputs."):
            return self.inputs[name[len("inputs.") :]]
        if name == "github.action_path":
            return str(ROOT)
        if name.startswith("github.event."):
            return self.event.get(name[len("github.event.") :], "")
        if name.startswith("steps."):
            _, step, kind, *rest = name.split(".")
            state = self.steps.get(step, {"outputs": {}, "outcome": "skipped"})
            return state["outputs"].get(rest[0], "") if kind == "outputs" else state[kind]
        raise AssertionError(f"an expression this test does not know: {name}")

    def expression(self, expr: str) -> str | bool:
        expr = expr.strip()
        if "||" in expr:
            return next((v for v in (self.expression(p) for p in expr.split("||")) if v), "")
        if "&&" in expr:
            return all(self.expression(p) for p in expr.split("&&"))
        if expr == "always()":
            return True
        match = re.fullmatch(r"(\S+) (==|!=) '([^']*)'", expr)
        if match:
            equal = str(self.expression(match[1])) == match[3]
            return equal if match[2] == "==" else not equal
        return self.value(expr)

    def substitute(self, text: str) -> str:
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(self.expression(m[1])), str(text))

    def run(self, step: dict) -> None:
        condition = step.get("if", "success()")
        failed = any(s["outcome"] == "failure" for s in self.steps.values())
        if condition == "success()" and failed or condition != "success()" and not self.expression(condition):
            return
        if "run" not in step or step["name"] == "Install mtlint":  # the runner's set-up: mtlint is installed here
            return
        output = self.temp / f"output-{len(self.steps)}"
        output.touch()
        env = dict(os.environ, RUNNER_TEMP=str(self.temp), GITHUB_OUTPUT=str(output),
                   GITHUB_STEP_SUMMARY=str(self.summary),
                   PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")  # fmt: skip
        env.update({key: self.substitute(value) for key, value in step.get("env", {}).items()})
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=self.workspace, env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
        self.log += done.stdout + done.stderr
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        self.steps[step.get("id", f"step{len(self.steps)}")] = {
            "outputs": outputs,
            "outcome": "success" if done.returncode == 0 else "failure",
            "code": done.returncode,
        }


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")  # fmt: skip
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def workspace(tmp_path: Path) -> tuple[Path, Path]:
    """A new git repository and the runner's temporary folder."""
    repo, temp = tmp_path / "repo", tmp_path / "runner"
    repo.mkdir()
    temp.mkdir()
    git(repo, "init", "-q")
    return repo, temp


@pytest.mark.slow  # real processes: git and mtlint
def test_the_action_checks_hostile_file_names_without_running_them(tmp_path):
    repo, temp = workspace(tmp_path)
    (repo / "README.md").write_text("The council approved the budget on Monday.\n", encoding="utf-8")
    (repo / "mtlint.toml").write_text('exclude = ["drafts/*"]\n', encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    for name in HOSTILE:
        (repo / name).write_text(GARBLED, encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "wip.md").write_text(GARBLED, encoding="utf-8")  # changed, but excluded
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "hostile names")

    runner = Runner(repo, temp, {"upload-sarif": "false"}, {"pull_request.base.sha": base})
    for step in STEPS:
        runner.run(step)

    assert not list(tmp_path.rglob("PWNED")) and not (ROOT / "PWNED").exists()
    assert runner.steps["files"]["outputs"]["count"] == str(len(HOSTILE) + 1)
    sarif = json.loads((temp / "mtlint.sarif").read_text(encoding="utf-8"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert {unquote(urlparse(uri).path) for uri in uris} == set(HOSTILE)  # each checked, drafts/ not
    annotated = [line for line in runner.log.splitlines() if line.startswith("::error file=")]
    assert len(annotated) == len(HOSTILE)
    assert runner.steps["check"]["outputs"]["status"] == "1"
    assert runner.steps[f"step{len(runner.steps) - 1}"]["code"] == 1  # the verdict fails the job
    summary = runner.summary.read_text(encoding="utf-8")
    assert "## mtlint" in summary and "gate failed" in summary and "a$(touch PWNED).md" not in summary


@pytest.mark.slow
def test_the_action_passes_when_nothing_checkable_changed(tmp_path):
    repo, temp = workspace(tmp_path)
    (repo / "code.py").write_text("x = 1\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "code.py").write_text("x = 2\n", encoding="utf-8")
    git(repo, "commit", "-qam", "code only")
    runner = Runner(repo, temp, {}, {"pull_request.base.sha": base})
    for step in STEPS:
        runner.run(step)
    assert runner.steps["files"]["outputs"]["count"] == "0" and "check" not in runner.steps
    assert all(state["code"] == 0 for state in runner.steps.values())


@pytest.mark.slow
@pytest.mark.parametrize("changed_only", ["true", "false"])
def test_the_action_checks_the_files_a_folder_walk_checks(tmp_path, changed_only):
    from tests.detector.test_discovery import EXPECTED, make_repository

    repo, temp = workspace(tmp_path)
    git(repo, "commit", "-q", "--allow-empty", "-m", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    for name in make_repository(repo):
        if name.endswith((".md", ".txt", ".rst")):  # a finding in every file, so the SARIF names each one checked
            (repo / name).write_text(GARBLED, encoding="utf-8")
    git(repo, "add", "-f", ".venv", "node_modules")  # committed by mistake: still never checked
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "content")
    runner = Runner(repo, temp, {"upload-sarif": "false", "changed-only": changed_only},
                    {"pull_request.base.sha": base})  # fmt: skip
    for step in STEPS:
        runner.run(step)
    sarif = json.loads((temp / "mtlint.sarif").read_text(encoding="utf-8"))
    artifacts = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert {unquote(urlparse(uri).path).removeprefix("./") for uri in artifacts} == set(EXPECTED)

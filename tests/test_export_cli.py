"""`cigkit export` after a workshop: it says what it wrote, and where."""

from __future__ import annotations

from pathlib import Path

import pytest

from cigkit.cli import run


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_prints_every_file_it_wrote(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "minutes"
    code, stdout, stderr = cli(capsys, "--data", str(demo_dir), "export", "--workshop", "2",
                               "--out", str(out))
    assert code == 0
    printed = stdout.splitlines()
    assert len(printed) == 9 + 3 + 1
    assert all(Path(line).is_file() for line in printed)
    assert str(out.resolve() / "workshop-02/long-term-conditions/diabetes-foot-care.md") in printed
    assert stderr == f"13 files written to {out.resolve()}\n"


def test_export_defaults_to_exports_in_the_current_folder(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = cli(capsys, "--data", str(demo_dir), "export", "--team", "crisis",
                          "--html")
    assert code == 0
    base = (tmp_path / "exports").resolve()
    assert stdout.splitlines() == [
        str(base / "workshop-02/mental-health-and-dementia/crisis-cafe.md"),
        str(base / "workshop-02/mental-health-and-dementia/crisis-cafe.html"),
    ]


def test_long_export_shows_progress_on_stderr(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, stderr = cli(capsys, "--data", str(demo_dir), "export", "--all", "--html",
                               "--out", str(tmp_path / "x"))
    assert code == 0
    assert len(stdout.splitlines()) == 50
    assert "exporting: 50/50 files" in stderr


def test_export_for_one_cig_writes_its_teams_and_summary(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, _ = cli(capsys, "--data", str(demo_dir), "export", "-w", "1", "--cig",
                          "mental", "--out", str(tmp_path / "x"))
    assert code == 0
    assert [Path(line).name for line in stdout.splitlines()] == [
        "crisis-cafe.md", "dementia-crisis-support.md", "memory-clinic-access.md", "summary.md",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workshop", "9"], "There is no workshop 9"),
        (["--team", "nobody"], "There is no team called 'nobody'"),
        (["--cig", "nowhere"], "There is no CIG called 'nowhere'"),
        (["--all", "--workshop", "2"], "not allowed with argument --all"),
    ],
)
def test_export_mistakes_are_one_sentence_and_exit_2(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    args: list[str], message: str,
) -> None:
    code, stdout, stderr = cli(capsys, "--data", str(demo_dir), "export", *args,
                               "--out", str(tmp_path / "x"))
    assert code == 2
    assert stdout == ""
    assert message in stderr and stderr.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_export_pauses_the_cycle_collector_only_while_it_runs(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    import cigkit.services.export as export

    seen: list[bool] = []
    real = export.export_minutes

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(export, "export_minutes", watched)
    assert gc.isenabled()
    code, _, _ = cli(capsys, "--data", str(demo_dir), "export", "--out", str(tmp_path / "m"))
    assert code == 0 and seen == [False]
    assert gc.isenabled()
    code, _, _ = cli(capsys, "--data", str(demo_dir), "export", "--workshop", "9",
                     "--out", str(tmp_path / "m"))
    assert code == 2 and gc.isenabled()  # put back after a mistake too


@pytest.mark.parametrize("how", [[], ["--one-process"]])
def test_a_facilitators_template_that_stops_while_rendering_is_one_sentence_naming_its_line(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: list[str]
) -> None:
    from cigkit.minutes.environment import PACKAGE_TEMPLATES

    own = demo_dir / "templates"
    own.mkdir()
    shipped = (PACKAGE_TEMPLATES / "team.md.j2").read_text(encoding="utf-8")
    lines = shipped.count("\n")
    (own / "team.md.j2").write_text(shipped + "{{ (team.name|length) // 0 }}\n",
                                    encoding="utf-8")
    out = tmp_path / "minutes"
    assert run(["--data", str(demo_dir), "export", "--all", "--html", "--out", str(out),
                *how]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == (f"cigkit: The minutes template {own / 'team.md.j2'}:{lines + 1} cannot "
                       "be used: it stopped with ZeroDivisionError (integer division or modulo "
                       "by zero); nothing was written.")
    assert not out.exists() or not any(out.rglob("*.md"))

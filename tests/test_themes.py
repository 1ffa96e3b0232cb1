"""Themes: the shipped four load with every regime colour; a broken file is named, skipped."""

from __future__ import annotations

from gradtui.explain.regime import Regime
from gradtui.tui.themes import load_theme_file, load_themes, theme_dirs


def test_four_shipped_themes_each_with_the_regime_colours():
    themes, problems = load_themes(theme_dirs()[:1])
    assert problems == []
    names = {theme.name for theme in themes}
    assert {"gradtui-dark", "gradtui-light", "high-contrast", "colorblind"} <= names
    assert any(not theme.dark for theme in themes)
    for theme in themes:
        for regime in Regime:
            assert regime.variable in theme.variables, (theme.name, regime)
        colours = [theme.variables[r.variable] for r in Regime if r != Regime.PENDING]
        assert len(set(colours)) == 4, theme.name


def test_broken_theme_files_are_reported_and_skipped(tmp_path):
    (tmp_path / "bad-toml.toml").write_text("name = \n")
    (tmp_path / "bad-colour.toml").write_text('name = "x"\nprimary = "not-a-colour"\n')
    (tmp_path / "unknown.toml").write_text('name = "y"\nprimary = "#fff"\nprimray = "#000"\n')
    (tmp_path / "bad-variable.toml").write_text(
        'name = "z"\nprimary = "#fff"\n[variables]\ngradient-vanished = "#000"\n'
    )
    (tmp_path / "good.toml").write_text('name = "mine"\nprimary = "#123456"\n')
    themes, problems = load_themes([tmp_path])
    assert [theme.name for theme in themes] == ["mine"]
    assert len(problems) == 4
    text = "\n".join(problems)
    for expected in (
        "bad-toml.toml",
        "not valid TOML",
        "'not-a-colour' is not a colour",
        "unknown key 'primray'",
        "unknown variable 'gradient-vanished'",
    ):
        assert expected in text
    mine = load_theme_file(tmp_path / "good.toml")
    assert mine.variables[Regime.VANISHING.variable]  # defaults filled in


def test_own_themes_come_from_the_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    folder = tmp_path / "gradtui" / "themes"
    folder.mkdir(parents=True)
    (folder / "class.toml").write_text('name = "class"\nprimary = "#336699"\ndark = false\n')
    themes, problems = load_themes()
    assert "class" in {theme.name for theme in themes} and problems == []

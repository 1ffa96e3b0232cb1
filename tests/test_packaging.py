"""What `pip install .` puts in a wheel: every package of the source tree, and its data."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_of_the_source_tree_is_installed():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in ROOT.glob("gradtui/**/__init__.py")
    }
    assert found - listed == set(), "packages a wheel would leave out"
    assert listed - found == {"gradtui.themes"}  # themes/ ships as gradtui.themes
    assert setuptools["package-dir"] == {"gradtui.themes": "themes"}


def test_the_data_files_are_declared():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]
    assert list((ROOT / "gradtui" / "lessons").glob("*.toml")) and data["gradtui.lessons"] == [
        "*.toml"
    ]
    assert (ROOT / "gradtui" / "tui" / "app.tcss").exists() and data["gradtui.tui"] == ["*.tcss"]
    assert list((ROOT / "themes").glob("*.toml")) and data["gradtui.themes"] == ["*.toml"]

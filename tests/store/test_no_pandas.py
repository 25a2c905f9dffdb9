"""Opening a project never loads pandas, even where it is installed (half a second)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from slaselect.documents import bundled
from slaselect.store.project import Project
Project.create(sys.argv[1], bundled.load_demo())
with Project.open(sys.argv[1], read_only=True) as project:
    providers = len(project.load().providers)
print("pandas" in sys.modules, providers)
import pandas
print(pandas.INSTALLED)
"""


def test_opening_a_project_does_not_import_an_installed_pandas(tmp_path: Path) -> None:
    fake = tmp_path / "site" / "pandas"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("INSTALLED = 'yes'\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake.parent), str(REPO)])}
    result = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "p.slaselect")],
                            cwd=REPO, env=env, capture_output=True, text=True, check=True)
    loaded, providers = result.stdout.splitlines()[0].split()
    assert loaded == "False" and int(providers) > 0
    assert result.stdout.splitlines()[1] == "yes"  # still there for whoever asks for it

"""The planning core runs without streamlit: only planner/ui may import it."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_modules_do_not_import_streamlit():
    core = [p for p in (ROOT / "planner").rglob("*.py") if "ui" not in p.relative_to(ROOT / "planner").parts]
    assert len(core) >= 8
    offenders = [str(p.relative_to(ROOT)) for p in core if "streamlit" in _imports(p)]
    assert offenders == []


def test_the_pipeline_loads_no_streamlit():
    code = "import sys, planner.plan, planner.cli; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""The code layout the README describes: only the Streamlit-glue modules import Streamlit."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# access.py: the optional gate (st.login, the password form, the media guard);
# identity.py: current() reads st.user, st.secrets and the session
GLUE = {"ui.py", "access.py", "identity.py"}


def imports_streamlit(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if any(n == "streamlit" or n.startswith(("streamlit.", "streamlit_folium")) for n in names):
            return True
    return False


def test_only_the_streamlit_glue_imports_streamlit():
    importing = sorted(p.name for p in (ROOT / "syriawatch").rglob("*.py") if imports_streamlit(p))
    allowed = sorted(p for p in importing if p.startswith("ui_") or p in GLUE)
    assert importing == allowed, f"pure modules importing Streamlit: {sorted(set(importing) - set(allowed))}"
    assert "ui_state.py" in importing and "viewstate.py" not in importing and "filters.py" not in importing


def test_readme_code_layout_names_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Code layout", 1)[1].split("\n## ", 1)[0]
    modules = sorted(p.name for p in (ROOT / "syriawatch").glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    missing = [m for m in modules if m not in layout and m.removesuffix(".py") not in layout]
    assert missing == [], f"README's code layout does not mention {missing}"

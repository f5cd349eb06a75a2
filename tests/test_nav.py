"""The page registry and the one private Streamlit API the navigation depends on."""

import inspect
from pathlib import Path

from syriawatch import navigation, ui_nav, views

ROOT = Path(__file__).resolve().parent.parent


def test_every_registered_page_exists_and_every_page_file_is_registered():
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
    assert sorted(p.file for p in navigation.PAGES) == files
    assert [p.default for p in navigation.PAGES].count(True) == 1
    assert len({p.key for p in navigation.PAGES}) == len({p.url_path for p in navigation.PAGES}) == len(files)
    assert views.PAGES == {p.key: p.url_path for p in navigation.PAGES}


def test_streamlit_still_starts_an_app_with_a_pages_folder_in_legacy_mode(monkeypatch):
    """Fails when a Streamlit upgrade changes what ui_nav.ensure_navigation works around: then remove it."""
    from streamlit.commands import navigation as st_navigation
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import script_runner

    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    PagesManager(str(ROOT / "dashboard.py"))
    assert PagesManager.uses_pages_directory is True, "a pages/ folder beside the entry script means legacy mode"
    assert ui_nav.legacy_pages_mode() is True
    # In legacy mode the script runner runs the page file alone; st.navigation switches the flag off.
    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner.ScriptRunner)
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(st_navigation)

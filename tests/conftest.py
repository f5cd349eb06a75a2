import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools
import os
import tempfile

import pytest

# Pages read the curation store's history (Overview, Briefing): tests and the servers they start use a
# store of their own, never the machine's ~/.local/share/syriawatch (tests that need another set it).
os.environ.setdefault("SYRIAWATCH_STATE_DIR", tempfile.mkdtemp(prefix="syriawatch-test-state-"))

_db_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server on 127.0.0.1 for this test session (started on first use)."""
    from pgserver import PgServer
    server = PgServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty curation database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'curation.sqlite'}"
    server = request.getfixturevalue("pg_server")
    return server.create_db(f"t{next(_db_numbers)}")

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools
import os
import tempfile

# The curation store of every app, AppTest and server started by the tests lives in a temporary folder,
# never in the analyst's own database (~/.local/share/syriawatch); servers inherit it from the environment.
os.environ["SYRIAWATCH_STATE_DIR"] = tempfile.mkdtemp(prefix="syriawatch-state-")
os.environ.pop("SYRIAWATCH_DB_URL", None)

import pytest

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

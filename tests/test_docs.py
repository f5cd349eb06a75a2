"""The documentation keeps up with the code (datasette's test_docs idea)."""

from pathlib import Path

import pytest

from syriawatch import vocab
from syriawatch.schema import SPECS

ROOT = Path(__file__).resolve().parent.parent
CODEBOOK = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
CODEBOOK_AR = (ROOT / "data" / "README.ar.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("table,column", [(t, c) for t, s in SPECS.items() for c in s.columns])
def test_every_column_is_in_the_codebook(table, column):
    assert f"`{column}`" in CODEBOOK and f"`{column}`" in CODEBOOK_AR


@pytest.mark.parametrize("code", [*vocab.CATEGORIES, *vocab.SIDES, *vocab.CONFIDENCE, *vocab.CONTROLLERS, *vocab.LINE_KINDS])
def test_every_vocabulary_code_is_in_the_codebook(code):
    assert f"`{code}`" in CODEBOOK and f"`{code}`" in CODEBOOK_AR


def test_arabic_codebook_has_the_same_sections():
    def heads(text):
        return [line.split(" ", 1)[0] for line in text.splitlines() if line.startswith("#")]
    assert heads(CODEBOOK_AR) == heads(CODEBOOK)


def test_readme_names_the_two_commands_and_ci_uses_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/start.sh" in readme and "bash scripts/test.sh" in readme
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()

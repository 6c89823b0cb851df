"""The README's and the guide's Python examples are tests: every ```python block runs as written.

The pages are the repository's README.md and every chapter of the guide (docs/src/*.md).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs" / "src").glob("*.md"))]
BLOCKS = [
    (page.relative_to(ROOT).as_posix(), number + 1, code)
    for page in PAGES
    for number, code in enumerate(
        re.findall(r"^```python\n(.*?)^```$", page.read_text(encoding="utf-8"), re.S | re.M)
    )
]


def test_the_readme_and_the_guide_have_python_examples() -> None:
    assert sum(1 for page, _, _ in BLOCKS if page == "README.md") >= 1
    assert len(BLOCKS) >= 10


@pytest.mark.parametrize(("page", "number", "code"), BLOCKS, ids=[f"{p}#{n}" for p, n, _ in BLOCKS])
def test_python_block_runs(page: str, number: int, code: str) -> None:
    compiled = compile(code, f"{page} python block {number}", "exec")
    exec(compiled, {"__name__": f"doc_block_{number}"})


def test_the_python_examples_type_check_strictly(tmp_path: Path) -> None:
    """`mypy --strict` accepts every example against the package's stubs."""
    api = pytest.importorskip("mypy.api")
    files = []
    for page, number, code in BLOCKS:
        name = f"{Path(page).stem.replace('-', '_')}_{number}.py"
        (tmp_path / name).write_text(code, encoding="utf-8")
        files.append(str(tmp_path / name))
    out, err, status = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / ".mypy_cache"), *files]
    )
    assert status == 0, out + err

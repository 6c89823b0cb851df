"""The README's Python examples are tests: every ```python block runs as it is written."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[3] / "README.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```$", README.read_text(encoding="utf-8"), re.S | re.M)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("block", range(len(BLOCKS)))
def test_readme_python_block_runs(block: int) -> None:
    code = compile(BLOCKS[block], f"README.md python block {block + 1}", "exec")
    exec(code, {"__name__": f"readme_block_{block + 1}"})

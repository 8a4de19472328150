"""Run every benchmark module (or those named): `python -m bench [name ...]`.

Each module in this folder that defines ``main()`` is a benchmark. They print ratios between
measurements taken in the same run, never absolute targets.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(
        info.name for info in pkgutil.iter_modules([str(here)])
        if not info.name.startswith("_") and info.name != "django_env"
    )
    wanted = argv or names
    for name in wanted:
        module = importlib.import_module(f"bench.{name}")
        if hasattr(module, "main"):
            print(f"== bench/{name}.py", flush=True)
            sys.argv = [f"bench/{name}.py"]  # each benchmark parses its own options
            module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

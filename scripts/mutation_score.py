"""Print the mutation score of the last `mutmut run`, and every mutant the tests let live.

mutmut keeps each verdict until the code under it changes, so a mutant that survived stays
"survived" after the test that kills it is written; the live ones are tried again first, so the
score follows the tests. mutmut's summary also counts mutants no test reaches apart from those
that survive one; a person deciding what to test next wants both, so both are listed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

STATS = Path("mutants/mutmut-cicd-stats.json")
LIVE = ("survived", "no tests")


def live_mutants(mutmut: str) -> list[str]:
    results = subprocess.run([mutmut, "results"], capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in results.splitlines() if line.rsplit(":", 1)[-1].strip() in LIVE]


def main() -> int:
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    again = [line.rsplit(":", 1)[0] for line in live_mutants(mutmut)]
    if again and "--no-retry" not in sys.argv:
        subprocess.run([mutmut, "run", *again], check=True)
    live = live_mutants(mutmut)
    subprocess.run([mutmut, "export-cicd-stats"], capture_output=True, check=True)
    stats = json.loads(STATS.read_text())
    caught = stats["killed"] + stats["timeout"]
    tried = caught + stats["survived"] + stats["no_tests"]
    for line in live:
        print(line)
    print(
        f"mutation score: {caught} of {tried} mutants killed ({100 * caught / max(tried, 1):.1f} %); "
        f"{stats['survived']} survived a test, {stats['no_tests']} reached by no test"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

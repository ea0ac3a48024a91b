"""`make audit`: pip-audit over the installed pins, failing on any known vulnerability.

pip-audit asks a vulnerability service (PyPI's JSON API, per release) about each
package. Where that service cannot be reached, or answers for no package (a closed
network or a mirror without the per-release API), the audit says so plainly and skips
instead of reporting a clean bill it never checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")
COMMAND = [
    str(PIP_AUDIT),
    "--local",
    "--skip-editable",
    "--progress-spinner",
    "off",
    "--timeout",
    "15",
    "--format",
    "json",
]


def main() -> int:
    result = subprocess.run(COMMAND, capture_output=True, text=True)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"audit SKIPPED: pip-audit could not reach its vulnerability service ({reason})")
        return 0
    dependencies = report["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        return 1
    if not audited:
        print(
            f"audit SKIPPED: the vulnerability service answered for none of the "
            f"{len(dependencies)} installed packages (no per-release data reachable from here)"
        )
        return 0
    skipped = len(dependencies) - len(audited)
    print(f"audit: {len(audited)} packages, no known vulnerabilities ({skipped} not checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

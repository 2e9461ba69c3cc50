"""What a cold start imports: spaCy, without spaCy's own command line."""

from __future__ import annotations

import json
import subprocess
import sys

# Run in a fresh interpreter: this test process has imported everything long ago.
PROBE = """
import json, sys
import policy_check
loaded = {name: name in sys.modules for name in ("spacy", "spacy.cli", "typer", "requests")}
import spacy
info = spacy.info()
import spacy.cli
print(json.dumps({"loaded": loaded, "info": sorted(info), "cli_info": callable(spacy.cli.info)}))
"""


def test_importing_the_package_loads_spacy_but_not_its_command_line_and_spacy_info_still_works():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    seen = json.loads(done.stdout)
    assert seen["loaded"] == {"spacy": True, "spacy.cli": False, "typer": False, "requests": False}
    assert "spacy_version" in seen["info"]
    assert seen["cli_info"]

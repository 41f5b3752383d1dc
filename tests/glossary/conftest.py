import sys
from pathlib import Path

# Lets the CLI tests import the corpus helpers of the sibling test module.
sys.path.insert(0, str(Path(__file__).parent))


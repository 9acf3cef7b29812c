import os
import sys

from .cli import main

code = main()
# A whole-spec run leaves a large heap; tearing it down object by object takes a noticeable
# part of the run and achieves nothing for a finished command line tool.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)

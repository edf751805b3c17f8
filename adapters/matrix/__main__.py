"""`python -m adapters.matrix`: the Matrix bot's own process (what `tiltak matrix` becomes)."""

import sys

from adapters.matrix.process import main

sys.exit(main())

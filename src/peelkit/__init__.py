"""peelkit: HMICFRS PEEL judgment tables as tidy, self-checked data."""

import os as _os

__version__ = "0.1.0"

# openpyxl writes with lxml when lxml is installed (peelkit needs it for saved web pages): its workbooks' bytes
# differ from the pure-Python writer's, and a full disk surfaces as lxml's SerialisationError. The board paper
# is written by openpyxl's own writer, as before lxml arrived, so exports stay byte-identical and their errors
# one line (the user may still choose: OPENPYXL_LXML set in the environment wins).
_os.environ.setdefault("OPENPYXL_LXML", "False")

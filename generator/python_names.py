"""Names that Python or the generated code's functions give a meaning of their own, which no
class or alias of a spec may take (`naming` appends `Schema`).

- `BUILTINS`: every public builtin of Python 3.10 to 3.13, a fixed list so that the names do not
  depend on the Python that runs the generator. A class named `isinstance` and imported at the
  bottom of a module (mutually recursive schemas) would be read by mypy as the builtin in the
  annotations above the import; one named `print` would replace it for the whole module.
- `LOCAL_NAMES` and `TEMPORARY`: the parameters and local variables of the generated functions
  and methods (`_parse(cls, data, path, ctx)`, `obj`, `seen`, `v`, `result`, `out`, the
  comprehension variables `x0`, `k0`, ...) and the prefixes of the temporaries named after a
  field or alias (`items_tools`, `kind_tracing`, `e_type`, `v_speed` in `to_dict`). A local
  shadows a module global in the function's body: a class named `path` would be read as the
  parameter `path` where the code parses a field of that class (`path._parse(...)`).

`tests/test_golden.py` holds the generated code to these lists.
"""

from __future__ import annotations

import re

BUILTINS = frozenset(
    """
    ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup
    BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError
    ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError
    DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception
    ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError FutureWarning
    GeneratorExit IOError ImportError ImportWarning IndentationError IndexError
    InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError
    ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError
    OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError
    PythonFinalizationError RecursionError ReferenceError ResourceWarning RuntimeError
    RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError
    SystemExit TabError TimeoutError True TypeError UnboundLocalError UnicodeDecodeError
    UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError
    Warning ZeroDivisionError abs aiter all anext any ascii bin bool breakpoint bytearray bytes
    callable chr classmethod compile complex copyright credits delattr dict dir divmod
    enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help
    hex id input int isinstance issubclass iter len license list locals map max memoryview min
    next object oct open ord pow print property quit range repr reversed round set setattr
    slice sorted staticmethod str sum super tuple type vars zip
    """.split()
)
# Names pycodestyle (ruff E741, E742) rejects as classes, functions or variables: they read as 1
# and 0 in some fonts. A schema or property so named gets another name.
AMBIGUOUS = frozenset({"I", "O", "l"})
LOCAL_NAMES = frozenset(
    "cls ctx data obj out path pre result seen self strict text v validate value".split()
)
# Comprehension variables (`x0`, `k1`) and temporaries named after a field or alias.
TEMPORARY = re.compile(r"[xk]\d+|(?:e|i|items|k|kind|m|n|r|tag|trial|trials|v|values|x)_.*")


def local(name: str) -> bool:
    """Whether a generated function may bind `name` itself."""
    return name in LOCAL_NAMES or TEMPORARY.fullmatch(name) is not None

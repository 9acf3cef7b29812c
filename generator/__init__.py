"""openai-dataclass-generator: typed, documented stdlib dataclasses from the OpenAI OpenAPI spec.

The pipeline, one module per stage: load -> resolve/build (IR) -> naming -> render -> format ->
write. `pipeline.py` runs it; `cli.py` is the command line.
"""

__version__ = "0.1.0"
# The command's name (the console script of pyproject.toml), in every message of a run.
NAME = "openai-dataclass-generator"

"""Change reports at the level of the generated models: what a new spec changes for the classes,
aliases and fields users import (`python -m generator diff`, `update-spec`, and `generate` when
it replaces a package built from another spec).

`snapshot` reduces a named IR to plain JSON data (stored in the package's `_meta.json`, so a
later run can compare without the old spec); `compare` and `types` find the changes between two
snapshots; `kinds` says what each kind breaks; `report` writes Markdown and JSON."""

"""Parse + serialize speed and correctness of the generated RealtimeSession against the official
OpenAI SDK's pydantic model, side by side in one run, on ../shared/realtime-session-payloads.

    .venv/bin/python bench/parse_serialize.py [--rounds 200] [--warmup 20] [--baseline DIR]

ours:     RealtimeSession.from_dict(p).to_dict()
sdk:      openai.types.beta.realtime.session.Session.model_validate(p)
              .model_dump(mode="json", exclude_unset=True)
tolerant: RealtimeSession.from_dict(p, strict=False).to_dict() (reading responses; on valid
          payloads it must cost what strict parsing costs)
baseline: with --baseline DIR (a copy of an earlier generated `openai_models`, e.g. from
          `git worktree add`), the same call on that package: the speed change of a commit

The SDK's `Session` (beta) declares 16 of the properties; the others (`prompt`, `include`,
`expires_at`, `object`, the GA shape's `audio`, ...) it keeps as extras, unchecked, where ours
checks them by their schema (and unknown keys as JSON), and it types a tool's `parameters` as
`object`, which it does not look into: the payloads that carry them cost the SDK less work.
The table names what the SDK leaves unchecked (`unchecked`) for every payload under 1.3x, and
gives the ratios on the payloads where it leaves nothing unchecked: equal work.

Timing: every call is timed alone with time.perf_counter_ns, with GC off while timing (it
runs every 50 rounds, between them) and the order of the two sides alternating between rounds,
on the valid payloads both sides accept. The harness's own cost per call (reading the clock,
calling the side's function: about 0.2 µs here) is measured in the same rounds by timing a
function that returns its argument (`harness`), and subtracted from every time, of each side
alike: the times are what the libraries spend, and the ratios compare those.
Reported: the median over rounds of the mean time per payload, and per payload the median
over rounds. Correctness: valid payloads accepted, accepted ones whose output equals the input
exactly (values and JSON types), invalid payloads rejected.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generated"))
sys.path.insert(0, str(ROOT))

import openai  # noqa: E402
import pydantic  # noqa: E402
from openai.types.beta.realtime.session import Session  # noqa: E402
from openai_models import RealtimeSession  # noqa: E402

from tests._json_compare import json_type_diff  # noqa: E402

PAYLOADS = ROOT.parent / "shared" / "realtime-session-payloads"

Convert = Callable[[Any], Any]


def ours(payload: Any) -> Any:
    return RealtimeSession.from_dict(payload).to_dict()


def sdk(payload: Any) -> Any:
    return Session.model_validate(payload).model_dump(mode="json", exclude_unset=True)


def tolerant(payload: Any) -> Any:
    return RealtimeSession.from_dict(payload, strict=False).to_dict()


def harness(payload: Any) -> Any:
    return payload


SIDES: dict[str, Convert] = {"ours": ours, "sdk": sdk}
EXTRA: dict[str, Convert] = {"tolerant": tolerant}  # timed only, on the payloads all accept


def unchecked(annotation: Any, value: Any, path: str) -> list[str]:
    """Where in `value` the SDK's pydantic type `annotation` checks nothing: properties its
    models do not declare (kept as extras) and values of fields typed `object` or `Any`."""
    if value is None:
        return []
    if annotation is object or annotation is Any:
        return [path or "(root)"]
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if not isinstance(value, dict):
            return []
        found: list[str] = []
        for key, x in value.items():
            field = annotation.model_fields.get(key)
            where = f"{path}.{key}" if path else key
            found += [where] if field is None else unchecked(field.annotation, x, where)
        return found
    args = typing.get_args(annotation)
    if isinstance(value, list) and typing.get_origin(annotation) is list and args:
        return [w for i, x in enumerate(value) for w in unchecked(args[0], x, f"{path}[{i}]")]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = [a for a in args if a is not type(None)]
        models = [a for a in kinds if isinstance(a, type) and issubclass(a, pydantic.BaseModel)]
        if isinstance(value, dict) and len(models) == 1:
            return unchecked(models[0], value, path)
        if isinstance(value, list):
            lists = [a for a in kinds if typing.get_origin(a) is list]
            return unchecked(lists[0], value, path) if len(lists) == 1 else []
        if any(a is object or a is Any for a in kinds):
            return [path or "(root)"]
    return []


def add_baseline(package_dir: Path) -> None:
    """Import an earlier generated package under another name and time it as `baseline`."""
    import importlib
    import shutil
    import tempfile

    copy = Path(tempfile.mkdtemp()) / "openai_models_baseline"
    shutil.copytree(package_dir, copy)
    sys.path.insert(0, str(copy.parent))
    cls = importlib.import_module("openai_models_baseline").RealtimeSession
    EXTRA["baseline"] = lambda payload: cls.from_dict(payload).to_dict()


def load(kind: str) -> dict[str, Any]:
    files = sorted((PAYLOADS / kind).glob("*.json"))
    if not files:
        sys.exit(f"no payloads in {PAYLOADS / kind}")
    return {f.stem: json.loads(f.read_text(encoding="utf-8")) for f in files}


def attempt(convert: Convert, payload: Any) -> tuple[bool, Any]:
    try:
        return True, convert(payload)
    except Exception:  # each side raises its own error type
        return False, None


def correctness(valid: dict[str, Any], invalid: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for side, convert in SIDES.items():
        accepted, exact, rejected = [], [], []
        for name, payload in valid.items():
            ok, result = attempt(convert, payload)
            if ok:
                accepted.append(name)
                if json_type_diff(result, payload) is None:
                    exact.append(name)
        for name, payload in invalid.items():
            if not attempt(convert, payload)[0]:
                rejected.append(name)
        out[side] = {"accepted": accepted, "exact": exact, "rejected": rejected}
    return out


def timings(
    payloads: dict[str, Any], rounds: int, warmup: int
) -> dict[str, tuple[list[float], dict[str, list[float]]]]:
    """Per side: the mean µs per payload of each round, and each payload's µs per round, less
    the harness's cost of the same payload in the same round."""
    sides = {**SIDES, **EXTRA, "harness": harness}
    means: dict[str, list[float]] = {side: [] for side in sides}
    per_payload: dict[str, dict[str, list[float]]] = {
        side: {name: [] for name in payloads} for side in sides
    }
    items = list(payloads.items())
    clock = time.perf_counter_ns
    gc.collect()
    gc.disable()
    try:
        for round_no in range(warmup + rounds):
            if round_no % 50 == 0:
                gc.collect()  # between rounds, never inside a timed call
            order = list(sides.items())
            if round_no % 2:
                order.reverse()
            for side, convert in order:
                spent: list[int] = []
                for _, payload in items:
                    start = clock()
                    convert(payload)
                    spent.append(clock() - start)
                if round_no >= warmup:
                    means[side].append(sum(spent) / len(spent) / 1000)
                    for (name, _), ns in zip(items, spent, strict=True):
                        per_payload[side][name].append(ns / 1000)
    finally:
        gc.enable()
    base_means, base_each = means.pop("harness"), per_payload.pop("harness")
    return {
        side: (
            [m - b for m, b in zip(means[side], base_means, strict=True)],
            {
                name: [t - b for t, b in zip(times, base_each[name], strict=True)]
                for name, times in per_payload[side].items()
            },
        )
        for side in means
    } | {"harness": (base_means, base_each)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--baseline", type=Path, help="an earlier generated openai_models")
    args = parser.parse_args()
    if args.baseline:
        add_baseline(args.baseline)

    valid, invalid = load("valid"), load("invalid")
    checks = correctness(valid, invalid)
    common = {n: p for n, p in valid.items() if all(n in checks[s]["accepted"] for s in SIDES)}

    print(
        f"python {sys.version.split()[0]}, openai {openai.__version__}; "
        f"{len(valid)} valid + {len(invalid)} invalid payloads from {PAYLOADS}"
    )
    print("\nCorrectness")
    print(f"  {'':34} {'ours':>8} {'sdk':>8}")
    rows = [
        ("valid payloads accepted", "accepted", len(valid)),
        ("  ... output == input exactly", "exact", len(valid)),
        ("invalid payloads rejected", "rejected", len(invalid)),
    ]
    for label, key, total in rows:
        cells = [f"{len(checks[s][key])}/{total}" for s in SIDES]
        print(f"  {label:34} {cells[0]:>8} {cells[1]:>8}")
    for side in SIDES:
        missed = {
            "valid rejected": [n for n in valid if n not in checks[side]["accepted"]],
            "accepted, output differs": [
                n for n in checks[side]["accepted"] if n not in checks[side]["exact"]
            ],
            "invalid accepted": [n for n in invalid if n not in checks[side]["rejected"]],
        }
        for what, names in missed.items():
            if names:
                print(f"  {side} {what}: {', '.join(names)}")

    results = timings(common, args.rounds, args.warmup)
    (ours_means, ours_each), (sdk_means, sdk_each) = results["ours"], results["sdk"]
    print(
        f"\nSpeed: parse + serialize, {len(common)} valid payloads both accept, "
        f"{args.rounds} rounds after {args.warmup} warm-up rounds (µs per payload)"
    )
    print(f"  {'payload':44} {'ours':>8} {'sdk':>8} {'sdk/ours':>9}")
    for name in common:
        a, b = statistics.median(ours_each[name]), statistics.median(sdk_each[name])
        print(f"  {name[:44]:44} {a:8.2f} {b:8.2f} {b / a:8.2f}x")
    a, b = statistics.median(ours_means), statistics.median(sdk_means)
    print(f"  {'median of per-round means':44} {a:8.2f} {b:8.2f} {b / a:8.2f}x")
    a = statistics.median(statistics.median(v) for v in ours_each.values())
    b = statistics.median(statistics.median(v) for v in sdk_each.values())
    print(f"  {'median of per-payload medians':44} {a:8.2f} {b:8.2f} {b / a:8.2f}x")
    overhead = statistics.median(results["harness"][0])
    print(f"  (the harness's {overhead:.2f} µs per call, measured alike, is subtracted from both)")
    ratios = {
        name: statistics.median(sdk_each[name]) / statistics.median(ours_each[name])
        for name in common
    }
    slowest = min(ratios, key=ratios.__getitem__)
    skipped = {name: unchecked(Session, payload, "") for name, payload in common.items()}
    for name in common:
        if ratios[name] < 1.3 and skipped[name]:
            print(f"  {name}: the SDK leaves unchecked {', '.join(skipped[name])}")
    print(
        f"  sdk/ours by payload: median {statistics.median(ratios.values()):.2f}x, "
        f"least {ratios[slowest]:.2f}x ({slowest}); {sum(r < 1.3 for r in ratios.values())} "
        f"of {len(ratios)} payloads under 1.3x, {sum(r < 1 for r in ratios.values())} under 1x"
    )
    equal = {name: r for name, r in ratios.items() if not skipped[name]}
    if equal:
        least = min(equal, key=equal.__getitem__)
        print(
            f"  on the {len(equal)} payloads the SDK checks as fully as ours (nothing it leaves "
            f"unchecked): median {statistics.median(equal.values()):.2f}x, least "
            f"{equal[least]:.2f}x ({least})"
        )

    print("\nOurs against other modes of ours, same rounds (µs per payload; >1x: ours is faster)")
    for side in EXTRA:
        means, each = results[side]
        a, b = statistics.median(ours_means), statistics.median(means)
        c = statistics.median(statistics.median(v) for v in ours_each.values())
        d = statistics.median(statistics.median(v) for v in each.values())
        print(
            f"  {side:10} median of per-round means {b:7.2f} ({b / a:5.3f}x of ours {a:.2f}); "
            f"median of per-payload medians {d:7.2f} ({d / c:5.3f}x of ours {c:.2f})"
        )


if __name__ == "__main__":
    main()

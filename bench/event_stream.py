"""Reading a Realtime server-event stream: every event parsed from its JSON text, ours against
the official OpenAI SDK, side by side in one run, on a stream built from the spec's own examples.

    .venv/bin/python bench/event_stream.py [--rounds 100] [--warmup 10] [--deltas 10]

The stream: the `x-oaiMeta` example of every member of `RealtimeServerEvent` (the spec's GA
server-event union, its members read from the spec), once each, then the examples of the
`*.delta` events `--deltas` times each, interleaved, as deltas dominate a real response (one
audio or transcript delta per few dozen milliseconds). Each event is one line of JSON text.

json.loads  `json.loads(line)` alone: the floor of any reader of JSON text
ours        `parse_realtime_server_event_json(line)` when the package has it, else the same
            path written out (`load_json`, then the union's parser: `from_json`'s path),
            strict: every type, enum, const and bound checked
sdk-check   `TypeAdapter(RealtimeServerEvent).validate_json(line)`: the SDK's validating
            parse (pydantic-core, in Rust)
sdk-client  `construct_type_unchecked(value=json.loads(line), type_=RealtimeServerEvent)`: what
            the SDK's realtime connection does with each message; it checks nothing

Ours comes from a package generated at the start of the run (`--root RealtimeServerEvent`,
this project's settings) into a temporary folder. Timing as in parse_serialize.py: every call
timed alone with time.perf_counter_ns, GC off while timing (run between rounds), the order of
the sides alternating between rounds; only the events every side accepts are timed. Reported:
µs per event (median over rounds of the mean over the stream) and each side's time as a
multiple of json.loads's.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openai  # noqa: E402
from openai._models import construct_type_unchecked  # noqa: E402
from openai.types.realtime import RealtimeServerEvent as SdkEvent  # noqa: E402
from pydantic import TypeAdapter  # noqa: E402

from generator import examples, load  # noqa: E402

UNION = "RealtimeServerEvent"
PACKAGE = "bench_events"

Read = Callable[[str], Any]


def generate(out: Path) -> Any:
    """Generate the union's package into `out` and import it."""
    subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--root", UNION, "--out", str(out)]
        + ["--package", PACKAGE],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(out))
    return importlib.import_module(f"{PACKAGE}.realtime_server_event")


def ours_reader(module: Any) -> Read:
    parse_json = getattr(module, "parse_realtime_server_event_json", None)
    if parse_json is not None:
        return parse_json  # type: ignore[no-any-return]
    rt = importlib.import_module(f"{PACKAGE}._runtime")
    parse = module._parse_realtime_server_event

    def read(line: str) -> Any:
        return rt.parse_root(parse, rt.load_json(line), True)

    return read


def stream(deltas: int) -> list[tuple[str, str]]:
    """(event type, JSON line) of every member's example, then the deltas repeated."""
    spec = load.load_spec(ROOT / "spec" / "openapi.yaml", None).data
    schemas = spec["components"]["schemas"]
    members = {m["$ref"].rsplit("/", 1)[-1] for m in schemas[UNION]["anyOf"]}
    events: list[tuple[str, str]] = []
    for example in examples.spec_examples(spec).examples:
        if example.schema in members and isinstance(example.data, dict):
            events.append((str(example.data.get("type")), json.dumps(example.data)))
    found = {kind for kind, _ in events}
    if len(found) < len(members) // 2:
        sys.exit(f"only {len(found)} examples for the {len(members)} members of {UNION}")
    delta_events = [e for e in events if e[0].endswith(".delta")]
    return events + delta_events * deltas


def accepted(read: Read, line: str) -> bool:
    try:
        read(line)
    except ValueError:  # each side's ValidationError is one; a bug in the bench is not
        return False
    return True


def timings(
    sides: dict[str, Read], lines: list[str], rounds: int, warmup: int
) -> dict[str, list[float]]:
    """Per side: the mean µs per event of each round."""
    means: dict[str, list[float]] = {side: [] for side in sides}
    clock = time.perf_counter_ns
    gc.collect()
    gc.disable()
    try:
        for round_no in range(warmup + rounds):
            if round_no % 20 == 0:
                gc.collect()  # between rounds, never inside a timed call
            order = list(sides.items())
            if round_no % 2:
                order.reverse()
            for side, read in order:
                spent = 0
                for line in lines:
                    start = clock()
                    read(line)
                    spent += clock() - start
                if round_no >= warmup:
                    means[side].append(spent / len(lines) / 1000)
    finally:
        gc.enable()
    return means


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--deltas", type=int, default=10, help="repeats of each delta example")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        module = generate(Path(tmp))
        adapter: TypeAdapter[Any] = TypeAdapter(SdkEvent)
        sides: dict[str, Read] = {
            "json.loads": json.loads,
            "ours": ours_reader(module),
            "sdk-check": adapter.validate_json,
            "sdk-client": lambda line: construct_type_unchecked(
                value=json.loads(line), type_=cast(Any, SdkEvent)
            ),
        }
        events = stream(args.deltas)
        kinds = sorted({kind for kind, _ in events})
        print(
            f"python {sys.version.split()[0]}, openai {openai.__version__}; a {UNION} stream of "
            f"{len(events)} events ({len(kinds)} kinds; the deltas repeated {args.deltas} times) "
            "from the spec's examples"
        )
        rejected = {
            side: sorted({kind for kind, line in events if not accepted(read, line)})
            for side, read in sides.items()
        }
        for side, names in rejected.items():
            if names:
                print(f"  {side} rejects the example of: {', '.join(map(repr, names))}")
        common = [line for kind, line in events if not any(kind in r for r in rejected.values())]
        means = timings(sides, common, args.rounds, args.warmup)

    floor = statistics.median(means["json.loads"])
    ours = statistics.median(means["ours"])
    print(
        f"\nSpeed: {len(common)} events every side accepts, {args.rounds} rounds after "
        f"{args.warmup} warm-up rounds (µs per event, median over rounds)"
    )
    print(f"  {'side':12} {'µs/event':>9} {'x json.loads':>13} {'side/ours':>10}")
    for side in sides:
        t = statistics.median(means[side])
        print(f"  {side:12} {t:9.2f} {t / floor:12.2f}x {t / ours:9.2f}x")
    print(
        f"\nours costs {ours / floor:.2f}x json.loads alone ({ours - floor:.2f} µs per event "
        "on top of the decoding to check and build the typed event)"
    )


if __name__ == "__main__":
    main()

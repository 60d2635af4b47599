"""Generate large, valid process files for the benchmarks.

``generate(n_steps)`` gives a chain of tasks spread over ``roles`` roles in ``departments``
departments, with a rework decision about every ``loop_every`` steps and a parallel split
every ``parallel_every`` steps (0 for none). The same arguments give the same file.

``compact=True`` writes each step on one line (a flow mapping), tasks without a name (their
id is their name): the same process in about half the bytes, so that 100,000 steps stay
under the 8 MB that skavmap reads.
"""

from __future__ import annotations

import random


def generate(
    n_steps: int,
    roles: int = 40,
    departments: int = 8,
    loop_every: int = 20,
    parallel_every: int = 0,
    seed: int = 1,
    compact: bool = False,
) -> str:
    rng = random.Random(seed)
    lines = [
        f"process: Genererad process med {n_steps} steg",
        "volume: 200/month",
        "departments:",
        *(f"  avd{d}: Avdelning {d} – förvaltning {d}" for d in range(departments)),
        "roles:",
        *(
            f"  roll{r}: {{name: Roll {r} (handläggare), department: avd{r % departments}}}"
            for r in range(roles)
        ),
        "systems: {ekonomi: Ekonomisystemet, arende: Ärendesystemet}",
        "steps:",
        "  start: {kind: start, next: s1}",
    ]
    i = 1
    while i < n_steps - 1:
        role = rng.randrange(roles)
        system = rng.choice(["ekonomi", "arende"])
        work = rng.choice(["5m", "10-20m", "1h", "30m"])
        wait = rng.choice(["1h", "4h", "1d", "2d"])
        following = f"s{i + 1}" if i + 1 < n_steps - 1 else "slut"
        if parallel_every and i % parallel_every == 0 and i + 4 < n_steps - 1:
            lines += [
                f"  s{i}: {{kind: parallel, name: Dela upp {i}, next: [s{i + 1}, s{i + 2}]}}",
                f"  s{i + 1}: {{name: Gren A {i}, role: roll{role}, work: {work}, next: s{i + 3}}}",
                f"  s{i + 2}: {{name: Gren B {i}, role: roll{(role + 1) % roles}, wait: {wait}, "
                f"next: s{i + 3}}}",
                f"  s{i + 3}: {{name: Samman {i}, role: roll{role}, work: 5m, next: s{i + 4}}}",
            ]
            i += 4
            continue
        if loop_every and i % loop_every == 0 and i > loop_every // 2:
            back = f"s{i - rng.randrange(2, loop_every // 2)}"
            p = rng.choice(["10%", "0.15", "5%"])
            if compact:
                lines.append(
                    f"  s{i}: {{kind: decision, name: Godkänt {i}?, role: roll{role}, "
                    f"work: {work}, next: [{{to: {following}, when: ja}}, "
                    f"{{to: {back}, when: nej, p: {p}}}]}}"
                )
            else:
                lines += [
                    f"  s{i}:",
                    "    kind: decision",
                    f"    name: Godkänt steg {i}?",
                    f"    role: roll{role}",
                    f"    work: {work}",
                    "    next:",
                    f"      - {{to: {following}, when: ja}}",
                    f"      - {{to: {back}, when: nej, p: {p}}}",
                ]
        elif compact:
            lines.append(
                f"  s{i}: {{role: roll{role}, system: {system}, "
                f"work: {work}, wait: {wait}, next: {following}}}"
            )
        else:
            lines += [
                f"  s{i}:",
                f"    name: Handlägg ärende steg {i} – åäö",
                f"    role: roll{role}",
                f"    system: {system}",
                f"    work: {work}",
                f"    wait: {wait}",
                f"    next: {following}",
            ]
        i += 1
    lines.append("  slut: {kind: end, name: Klart}")
    return "\n".join(lines) + "\n"

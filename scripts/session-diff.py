#!/usr/bin/env python3
"""Random sessions through two gradbook binaries; prints the sessions whose output differs.

For a change that must not change what gradbook shows (a faster stale check, a cheaper binding): run the release
before it and the one after on the same random sessions (rebinding, loops, training loops, functions defined and
redefined, free names, grads, diff, backward tables, `_`, `Out[n]`, `:vars`, `:recompute`; loops of one statement and of
several, loops that overflow, read a vector or an unbound name), each as cells piped in.

    python3 scripts/session-diff.py OLD_BINARY NEW_BINARY [COUNT] [SEED]
"""

import random
import subprocess
import sys


def session(rng):
    names = ["a", "b", "v", "w", "h"]

    def expression():
        p, q, r = rng.choice(names), rng.choice(names), rng.choice(names)
        return rng.choice([f"{p} + 1", f"{p}*{q}", f"{p}^2 + {q} - {r}", f"tanh({p}) * 2", f"f({p})",
                           f"{rng.randint(0, 8) / 4}", f"{p} - {q}", f"relu({p}) + {q}"])

    def statement(position):
        p, q = rng.choice(names), rng.choice(names)
        choice = rng.randint(0, 23)
        if choice <= 5:
            return f"{p} = {expression()}"
        return {
            6: f"{p} = {p}*0.5 + {q}",
            7: f"repeat {rng.randint(1, 40)} {{ {p} = {p}*{q} + 0.1 }}",
            8: f"repeat {rng.randint(1, 5)} {{ {p} = {p} - 0.1*grad(({p} - {q})^2, {p}) }}",
            9: f"f(t) = t^2 + {q}",
            10: f"grad({p}, [{q}])",
            11: f"diff({expression()}, {q})",
            12: f"{p} = grad({expression()}, [{q}])[1]",
            13: "_",
            14: f"Out[{rng.randint(1, position + 1)}] + 1",
            15: ":vars",
            16: f"{p} = {q}",
            17: f"backward({p})",
            # Loops of several statements, ones that overflow (a note), read a vector, or an unbound name (an error).
            18: f"repeat {rng.randint(1, 12)} {{ {p} = {p}*{q} - 0.25; {q} = {q} + {p}/4 }}",
            19: f"repeat {rng.randint(1, 30)} {{ {p} = {p}*{p}*1e40 + 1 }}",
            20: f"{p} = [1, 2]",
            21: f"repeat 3 {{ {p} = {p}*2 + zz }}",
            22: f"repeat {rng.randint(1, 6)} {{ {p} = -{p} + {q}^2; {p} }}",
        }.get(choice, expression())

    # Most sessions start with every name bound, so that names change by rebinding rather than first binding.
    start = [] if rng.random() < 0.3 else ["a = 0.5", "b = 2", "v = 0.5", "w = 1.5", "h = -1"]
    cells = start + [statement(i) for i in range(rng.randint(4, 20))] + [":vars", ":recompute", ":vars"]
    return "\n".join(cells) + "\n"


def main():
    old, new = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    differ = 0
    for _ in range(count):
        script = session(rng)
        outputs = []
        for binary in (old, new):
            run = subprocess.run([binary], input=script, capture_output=True, text=True, check=False)
            outputs.append((run.stdout, run.stderr, run.returncode))
        if outputs[0] != outputs[1]:
            differ += 1
            print("differs:", script.replace("\n", " | "))
    print(f"{count} sessions, {differ} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()

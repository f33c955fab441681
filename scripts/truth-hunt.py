#!/usr/bin/env python3
"""Random formulas through gradbook's check and ==, judged against 60-digit truth; prints the verdicts that lie.

A verdict is a promise. For each random formula of x (arithmetic, powers, sin, exp, log, tanh, sigmoid, ... with
numbers from 0.1 to 1e300 and 1e-320) at a random point, the true value and derivative are worked out by forward-mode
differentiation in mpmath at 60 digits, with every typed number taken as the decimal typed. Flagged:
  - a confident check verdict (exact, fine, close, agree) whose symbolic or backprop number is far from the truth;
  - check(F, x, yours) called "wrong" where yours is the true derivative;
  - F == (its true value) answered false, and F == (a clearly different value) or == inf answered true;
  - diff showing inf or -inf for a finite slope without saying that is not the formula's value.
An "agree" or "fine" within atol = 1e-5 of the truth is not flagged: that is what those verdicts say.

    .build-peers/venv/bin/python scripts/truth-hunt.py .build/release/gradbook [COUNT] [SEED]
    HARD=1 ...   (mostly extreme numbers and points)

Needs mpmath (Benchmarks/peers/compare.sh makes .build-peers/venv with SymPy, which brings it).
"""

import os
import random
import signal
import re
import subprocess
import sys
from collections import Counter

import mpmath as mp

mp.mp.dps = 60


def too_slow(signum, frame):
    raise TimeoutError("the truth took too long")


signal.signal(signal.SIGALRM, too_slow)
GRADBOOK = sys.argv[1]
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 100
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 1
HARD = os.environ.get("HARD") == "1"
rng = random.Random(SEED)


class Dual:
    """A value and its derivative with respect to x."""

    def __init__(self, value, derivative):
        self.v, self.d = value, derivative


def sigmoid(t):
    return 1 / (1 + mp.exp(-t))


FUNCTIONS = {
    "sin": (mp.sin, mp.cos), "cos": (mp.cos, lambda t: -mp.sin(t)), "exp": (mp.exp, mp.exp),
    "log": (mp.log, lambda t: 1 / t), "sqrt": (mp.sqrt, lambda t: 1 / (2 * mp.sqrt(t))),
    "tanh": (mp.tanh, lambda t: 1 - mp.tanh(t) ** 2), "sigmoid": (sigmoid, lambda t: sigmoid(t) * (1 - sigmoid(t))),
    "atan": (mp.atan, lambda t: 1 / (1 + t * t)), "expm1": (mp.expm1, mp.exp), "log1p": (mp.log1p, lambda t: 1 / (1 + t)),
    "softplus": (lambda t: mp.log1p(mp.exp(t)), sigmoid), "erf": (mp.erf, lambda t: 2 * mp.exp(-t * t) / mp.sqrt(mp.pi)),
    "sinh": (mp.sinh, mp.cosh), "cosh": (mp.cosh, mp.sinh),
}


def apply(op, a, b=None):
    v, d = a.v, a.d
    if op == "+": return Dual(v + b.v, d + b.d)
    if op == "-": return Dual(v - b.v, d - b.d)
    if op == "*": return Dual(v * b.v, d * b.v + v * b.d)
    if op == "/": return Dual(v / b.v, (d * b.v - v * b.d) / b.v ** 2)
    if op == "^":
        if b.d == 0 and b.v == int(b.v):
            n = int(b.v)
            return Dual(v ** n, n * v ** (n - 1) * d if n != 0 else mp.mpf(0))
        if v <= 0: raise ValueError("a power of a number that is not positive")
        r = v ** b.v
        return Dual(r, r * (b.d * mp.log(v) + b.v * d / v))
    if op in ("log", "sqrt") and v <= 0 or op == "log1p" and v <= -1: raise ValueError("outside the domain")
    # (exp of 1e300 has no 60-digit value mpmath can hold.)
    if op in ("exp", "expm1", "sinh", "cosh", "softplus") and abs(v) > 1e7: raise ValueError("too large")
    f, slope = FUNCTIONS[op]
    return Dual(f(v), slope(v) * d)


def number():
    r = rng.random()
    if HARD and r < 0.5:
        return rng.choice(["1e20", "1e-20", "1e300", "1e-300", "1e-320", "1e150", "1e-150", "700", "-700", "40", "1e16",
                           "1e23", "3e25", "1e-310", "745", "1e-8", "1e8", "0.1", "1e15"])
    if r < 0.5: return rng.choice(["1", "2", "0.5", "3", "0.1", "10", "1e-8", "1e8"])
    if r < 0.8: return f"{rng.uniform(-5, 5):.3g}".replace("e+", "e")
    return rng.choice(["1e20", "1e-20", "1e300", "1e-300", "1e-320", "1e150", "1e-150", "700", "-700", "40", "1e16"])


def formula(depth):
    r = rng.random()
    if depth == 0 or r < 0.2: return "x" if rng.random() < 0.65 else number()
    if r < 0.55:
        op = rng.choice(["+", "-", "*", "/", "*", "^"])
        a = formula(depth - 1)
        b = rng.choice(["2", "3", "0.5", "-1", "2.5"]) if op == "^" and rng.random() < 0.7 else formula(depth - 1)
        return f"({a} {op} {b})"
    return f"{rng.choice(list(FUNCTIONS))}({formula(depth - 1)})"


def truth(text, x):
    """The formula's value and derivative at x, by a small recursive-descent parser over duals."""
    tokens = re.findall(r"[a-z0-9]+\(|[0-9.]+(?:e-?[0-9]+)?|x|[-+*/^()]", text)
    position = 0

    def peek(): return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def atom():
        t = take()
        if t == "(":
            value = sum_()
            take()
            return value
        if t == "x": return Dual(mp.mpf(x), mp.mpf(1))
        if t.endswith("("):
            argument = sum_()
            take()
            return apply(t[:-1], argument)
        return Dual(mp.mpf(t), mp.mpf(0))

    def power():
        base = atom()
        if peek() == "^":
            take()
            return apply("^", base, unary())
        return base

    def unary():
        if peek() == "-":
            take()
            return apply("-", Dual(mp.mpf(0), mp.mpf(0)), unary())
        return power()

    def chain(operand, operators):
        """operand (op operand)*, left to right: a product of unaries, a sum of products."""
        value = operand()
        while peek() in operators:
            op = take()
            value = apply(op, value, operand())
        return value

    def product():
        return chain(unary, ("*", "/"))

    def sum_():
        return chain(product, ("+", "-"))

    return sum_()


def run(code):
    return subprocess.run([GRADBOOK, "-e", code], capture_output=True, text=True, timeout=60).stdout


def typed(value):
    return repr(value).replace("e+", "e")


CONFIDENT = ("exact", "fine", "close", "agree")
flags = 0
verdicts = Counter()
for _ in range(COUNT):
    text = formula(rng.randint(1, 4))
    if "x" not in text: continue
    if HARD and rng.random() < 0.5:
        x = rng.choice(["1e-8", "1e8", "1e-150", "1e150", "1e20", "30", "-30", "700", "1e-300", "0.1", "3.14159"])
    else:
        x = rng.choice([f"{rng.uniform(-3, 3):.3g}", f"{rng.uniform(0.1, 3):.3g}",
                        rng.choice(["0.5", "1", "2", "-1", "30", "1e-8", "100", "1e10"])])
    # (mpmath can take minutes over a power with a huge whole exponent: such a formula is skipped after 10 seconds.)
    signal.alarm(10)
    try:
        t = truth(text, x)
        # The truth is taken only where 120 digits say the same: (1e150*x)/(x*1e-20) cancels 7e132 against itself, and
        # 60 digits left a slope of 1.8e106 where the true one is 0.
        with mp.workdps(120):
            check = truth(text, x)
        if any(abs(a - b) > mp.mpf("1e-30") * max(abs(a), abs(b), mp.mpf("1e-300")) for a, b in ((t.v, check.v), (t.d, check.d))):
            continue
    except Exception:
        continue
    finally:
        signal.alarm(0)
    if not (mp.isfinite(t.v) and mp.isfinite(t.d)) or abs(t.v) > 1e300 or abs(t.d) > 1e300: continue
    shown = run(f"x = {x}; check({text}, x)")
    found = re.search(r"^verdict: ([a-z ]+):", shown, re.M)
    if not found: continue
    verdict = found.group(1)
    verdicts[verdict] += 1
    if verdict in CONFIDENT:
        for given in re.findall(r"^(?:symbolic|backprop)\s+(\S+)", shown, re.M):
            try:
                value = mp.mpf(given)
            except Exception:
                continue
            # (agree and fine may rest on atol = 1e-5, as they say: 7.45e-9 for 0 is within it; exact promises 1e-7 relative.)
            if verdict in ("agree", "fine") and abs(value - t.d) <= mp.mpf("1e-5"): continue
            if abs(value - t.d) > 1e-4 * max(abs(t.d), mp.mpf("1e-300")) and abs(value - t.d) > 1e-12 * max(1, abs(t.v)):
                flags += 1
                print(f"FLAG {verdict} far from the truth: x = {x}; check({text}, x) gives {given}, truth {mp.nstr(t.d, 12)}", flush=True)
                break
    value = float(t.v)
    if value != 0 and 1e-300 < abs(value) < 1e300:
        if run(f"x = {x}; ({text}) == {typed(value)}").startswith("false"):
            flags += 1
            print(f"FLAG == false for the true value: x = {x}; ({text}) == {typed(value)}", flush=True)
        for infinity in ("inf", "-inf"):
            if run(f"x = {x}; ({text}) == {infinity}").startswith("true"):
                flags += 1
                print(f"FLAG == true for an infinity: x = {x}; ({text}) == {infinity}, truth {mp.nstr(t.v, 12)}", flush=True)
        other = value * 1.001 + (1e-3 if value >= 0 else -1e-3)
        if run(f"x = {x}; ({text}) == {typed(other)}").startswith("true"):
            flags += 1
            print(f"FLAG == true for a different value: x = {x}; ({text}) == {typed(other)}", flush=True)
    slope = float(t.d)
    if slope != 0 and not 1e-300 < abs(slope) < 1e300: continue
    # diff's value: an infinity shown for a finite slope must say it is not the formula's value.
    shown = run(f"x = {x}; diff({text}, x)")
    found = re.search(r"^  = (-?inf) at ", shown, re.M)
    if found and "is not this formula's value" not in shown:
        flags += 1
        print(f"FLAG diff shows {found.group(1)} for the slope {mp.nstr(t.d, 12)}: x = {x}; diff({text}, x)", flush=True)
    shown = run(f"x = {x}; check({text}, x, {typed(slope)})")
    found = re.search(r"^verdict: ([a-z ]+):", shown, re.M)
    if found and found.group(1) == "wrong":
        flags += 1
        print(f"FLAG wrong for the true slope: x = {x}; check({text}, x, {typed(slope)})", flush=True)
print(f"done: {COUNT} formulas, {sum(verdicts.values())} verdicts {dict(verdicts)}, {flags} flags", flush=True)

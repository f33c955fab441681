"""gradbook beside its peers on the same workloads, alternating in one run (see compare.sh).

gradbook is timed as a user runs it: a whole `gradbook -e '…'` process, less the median of empty runs
(`gradbook -e '1'`) made one beside each, so start-up is not counted twice. Peers are timed in-process after their
imports and set-up, which favours them, each run in a Python process of its own (as a person runs a workload once),
in turn with gradbook's runs (the machine's speed drifts within minutes). Runs repeated in one process moved the peers
both ways: micrograd's later runs are slower (the reference cycles earlier runs left make the collector work, and
timed after SymPy's workloads it took twice as long), SymPy's faster (its caches). Every figure is the median of a
few runs; nothing is asserted.
"""

import math
import platform
import statistics
import subprocess
import sys
import threading
import time

# `peers.py --peer NAME SIZE RUNS` times one peer workload in this fresh process and prints the seconds it took.
IS_PEER_CHILD = sys.argv[1:2] == ["--peer"]
GRADBOOK = None if IS_PEER_CHILD else sys.argv[1]
QUICK = "quick" in sys.argv[2:]
RUNS = 1 if QUICK else 3
# gradbook's runs are a difference of two process times, each run beside an empty one; this machine's speed drifts
# by a third within minutes, so more of them (a whole run is milliseconds).
GRADBOOK_RUNS = 1 if QUICK else 7
# A peer's runs vary more than gradbook's (a garbage collection can double one), so it gets more of them.
PEER_RUNS = 1 if QUICK else 5
# A peer that took longer than this at one size is not run at the next (SymPy takes minutes there).
PEER_BUDGET = 20.0


def process_time(arguments):
    start = time.perf_counter()
    subprocess.run(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def median_of(runs, measure):
    return statistics.median(measure() for _ in range(runs))


EMPTY = None if IS_PEER_CHILD else median_of(9, lambda: process_time([GRADBOOK, "-e", "1"]))
# gradbook's figures are a difference of two process times; below a few milliseconds they are start-up noise.
NOISE = 3e-3


def gradbook(code, subtract_start=True, check_only=False):
    # A workload that fails is not a figure: say why and stop (an error returns early and looks fast).
    check = subprocess.run([GRADBOOK, "-e", code], capture_output=True, text=True, check=False)
    if check.returncode != 0 or "error:" in check.stderr:
        sys.exit(f"gradbook failed on a workload ({code[:60]}…): {check.stderr.strip().splitlines()[-1:]}")
    if check_only:
        return None
    if not subtract_start:
        return median_of(GRADBOOK_RUNS, lambda: process_time([GRADBOOK, "-e", code]))
    # Each run alternates with an empty one, so a drift in the machine's speed moves both medians alike.
    totals, empties = [], []
    for _ in range(GRADBOOK_RUNS):
        totals.append(process_time([GRADBOOK, "-e", code]))
        empties.append(process_time([GRADBOOK, "-e", "1"]))
    return max(statistics.median(totals) - statistics.median(empties), 1e-6)


def in_process(function, runs=RUNS):
    def once():
        start = time.perf_counter()
        function()
        return time.perf_counter() - start
    return median_of(runs, once)


def in_fresh_process(peer, size, runs, warm_up):
    """The median time of `peer(size)`'s workload (set-up excluded), measured in a new Python process after one
    untimed run at size `warm_up` (a first call pays for lazy imports and caches: SymPy's first diff, 0.3 s)."""
    result = subprocess.run([sys.executable, __file__, "--peer", peer.__name__, str(size), str(runs), str(warm_up)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"a peer workload failed ({peer.__name__}, {size}): {result.stderr.strip().splitlines()[-1:]}")
    return float(result.stdout.strip().splitlines()[-1])


def with_deep_stack(function):
    """micrograd's backward sorts the graph recursively: a 40,000-step chain needs a deep stack."""
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 29)
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", function()))
    thread.start()
    thread.join()
    return result.get("value")


# ---- the workloads: gradbook's code and the peer's function for one size ----

def tanh_chain_code(n):
    # Written as a person would, one binding per layer (one nested expression stops at 200 levels).
    steps = ["h0 = x"] + [f"h{k} = tanh(w{k}*h{k - 1} + b{k})" for k in range(1, n + 1)]
    names = ["x"] + [f"w{k}" for k in range(1, n + 1)] + [f"b{k}" for k in range(1, n + 1)]
    return "; ".join(steps) + f"; grad(h{n}, [{', '.join(names)}])"


def tanh_chain_sympy(n):
    import sympy as sp
    x = sp.Symbol("x")
    ws, bs = sp.symbols(f"w1:{n + 1}"), sp.symbols(f"b1:{n + 1}")
    f = x
    for w, b in zip(ws, bs):
        f = sp.tanh(w * f + b)
    return lambda: [sp.diff(f, v) for v in (x, *ws, *bs)]


def breadth_code(n):
    names = ", ".join(f"w{i}" for i in range(1, n + 1))
    return f"W = [{names}]; x = linspace(0, 1, {n}); y = linspace(1, 2, {n}); grad(sum((W*x - y)^2), W)"


def breadth_sympy(n):
    import sympy as sp
    ws = sp.symbols(f"w1:{n + 1}")
    xs = [i / (n - 1) for i in range(n)]
    ys = [1 + i / (n - 1) for i in range(n)]
    f = sum((w * x - y) ** 2 for w, x, y in zip(ws, xs, ys))
    return lambda: [sp.diff(f, w) for w in ws]


def loop_graph_code(n):
    return f"x = 0.5; v = 0.5; repeat {n} {{ v = v*x + 0.1 }}; grad(v, [x])"


def loop_graph_micrograd(n):
    from micrograd.engine import Value

    def run():
        x = Value(0.5)
        v = Value(0.5)
        for _ in range(n):
            v = v * x + 0.1
        v.backward()
        return x.grad
    return lambda: with_deep_stack(run)


def training_loop_code(n):
    return f"w = 0; repeat {n} {{ w = w - 0.01*grad((w - 3)^2, w) }}; w"


def training_loop_micrograd(n):
    from micrograd.engine import Value

    def run():
        w = 0.0
        for _ in range(n):
            p = Value(w)
            loss = (p - 3) ** 2
            loss.backward()
            w -= 0.01 * p.grad
        return w
    return run


def xor_steps_code(epochs):
    return f"net = mlp(2, [4, 1], act = tanh, seed = 1); train(net, xor(), lr = 0.1, epochs = {epochs})"


def xor_steps_numpy(epochs):
    import numpy as np
    rng = np.random.default_rng(1)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    Y = np.array([[0], [1], [1], [0]], float)

    def run():
        W1, b1 = rng.normal(size=(2, 4)) * 0.5, np.zeros(4)
        W2, b2 = rng.normal(size=(4, 1)) * 0.5, np.zeros(1)
        for _ in range(epochs):
            h = np.tanh(X @ W1 + b1)
            out = h @ W2 + b2
            d_out = 2 * (out - Y) / len(X)
            dW2, db2 = h.T @ d_out, d_out.sum(0)
            dh = d_out @ W2.T * (1 - h * h)
            dW1, db1 = X.T @ dh, dh.sum(0)
            W1 -= 0.1 * dW1; b1 -= 0.1 * db1; W2 -= 0.1 * dW2; b2 -= 0.1 * db2
    return run


def moons_steps_code(epochs):
    return ("net = mlp(2, [16, 16, 1], act = relu, seed = 1); data = moons(100); "
            f"train(net, data, loss = bce, lr = 0.05, epochs = {epochs})")


def moons_steps_numpy(epochs):
    import numpy as np
    rng = np.random.default_rng(1)
    X = rng.normal(size=(100, 2))
    Y = (rng.random((100, 1)) > 0.5).astype(float)

    def run():
        W1, b1 = rng.normal(size=(2, 16)) * 0.5, np.zeros(16)
        W2, b2 = rng.normal(size=(16, 16)) * 0.25, np.zeros(16)
        W3, b3 = rng.normal(size=(16, 1)) * 0.25, np.zeros(1)
        for _ in range(epochs):
            z1 = X @ W1 + b1; h1 = np.maximum(z1, 0)
            z2 = h1 @ W2 + b2; h2 = np.maximum(z2, 0)
            z = h2 @ W3 + b3
            d = (1 / (1 + np.exp(-z)) - Y) / len(X)
            dW3, db3 = h2.T @ d, d.sum(0)
            d2 = d @ W3.T * (z2 > 0)
            dW2, db2 = h1.T @ d2, d2.sum(0)
            d1 = d2 @ W2.T * (z1 > 0)
            dW1, db1 = X.T @ d1, d1.sum(0)
            for p, g in ((W1, dW1), (b1, db1), (W2, dW2), (b2, db2), (W3, dW3), (b3, db3)):
                p -= 0.05 * g
    return run


def numeric_code(n):
    return f"W = randn({n}, {n}); x = ones({n}); numdiff(sum(tanh(W @ x)^2), W)"


def backprop_code(n):
    return f"W = randn({n}, {n}); x = ones({n}); grad(sum(tanh(W @ x)^2), W)"


def numeric_numpy(n):
    import numpy as np
    W = np.random.default_rng(1).normal(size=(n, n))
    x = np.ones(n)

    def loss(M):
        return np.sum(np.tanh(M @ x) ** 2)

    def run():
        h = 1e-5
        g = np.zeros_like(W)
        for i in range(n):
            for j in range(n):
                old = W[i, j]
                W[i, j] = old + h; up = loss(W)
                W[i, j] = old - h; down = loss(W)
                W[i, j] = old
                g[i, j] = (up - down) / (2 * h)
        return g
    return run


def backprop_autograd(n):
    import autograd.numpy as anp
    from autograd import grad
    import numpy as np
    W = np.random.default_rng(1).normal(size=(n, n))
    x = np.ones(n)
    gradient = grad(lambda M: anp.sum(anp.tanh(M @ x) ** 2))
    return lambda: gradient(W)


# ---- the table ----

rows = []


def compare(workload, sizes, gradbook_code, peer_name, peer, per=None, subtract=None):
    """Times gradbook and the peer at each size, their runs alternating (a gradbook run, an empty one, a peer run in
    a fresh process), so that a drift in the machine's speed, a third within minutes on a shared one, moves both
    sides of a ratio alike. `per` divides a time into a per-step figure; `subtract` (a size) makes each figure the
    difference with that size's run, to leave out set-up."""
    peer_alive = True
    base = {}
    if subtract is not None:
        base["gradbook"], base["peer"] = alternating(gradbook_code(subtract), peer, subtract, warm_up=subtract)
        base["peer"] = base["peer"] or 0
    for size in sizes[:1] if QUICK else sizes:
        ours, theirs = alternating(gradbook_code(size), peer if peer_alive else None, size, warm_up=sizes[0])
        ours -= base.get("gradbook", 0)
        if theirs is not None:
            theirs -= base.get("peer", 0)
            peer_alive = theirs < PEER_BUDGET
        scale = per(size) if per else 1
        rows.append((workload, size, ours / scale, peer_name, None if theirs is None else theirs / scale))


def alternating(code, peer, size, warm_up):
    """gradbook's time for `code` (less an empty run) and the peer's for `size`, from runs made in turn: up to
    PEER_RUNS peer runs, each in a fresh process (fewer once they have taken a few seconds: SymPy's largest take
    that each); None for the peer when there is none."""
    gradbook(code, check_only=True)
    totals, empties, theirs = [], [], []
    for run in range(GRADBOOK_RUNS):
        totals.append(process_time([GRADBOOK, "-e", code]))
        empties.append(process_time([GRADBOOK, "-e", "1"]))
        if peer and run < PEER_RUNS and sum(theirs) < 3:
            theirs.append(in_fresh_process(peer, size, 1, warm_up))
    ours = max(statistics.median(totals) - statistics.median(empties), 1e-6)
    return ours, statistics.median(theirs) if theirs else None


def figure(seconds):
    if seconds is None:
        return "—"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} µs"


def main():
    print(f"gradbook beside its peers · {time.strftime('%Y-%m-%d')} · {platform.machine()}, "
          f"{platform.system()} {platform.release()}, Python {platform.python_version()}")
    print(f"(gradbook: whole process less an empty run (about {figure(EMPTY)}), medians of {GRADBOOK_RUNS} runs, each beside "
          f"an empty one; the peer: median of up to {PEER_RUNS} runs, each in a Python process of its own after a warm-up "
          f"run, made in turn with gradbook's; a gradbook figure under {figure(NOISE)} is within the noise of start-up)\n")

    start_ours = gradbook("diff(x^2*sin(x), x)", subtract_start=False)
    start_theirs = median_of(RUNS, lambda: process_time([sys.executable, "-c",
        "import sympy as s; x = s.Symbol('x'); print(s.diff(x**2*s.sin(x), x))"]))
    rows.append(("start-up to a first derivative (whole process)", "", start_ours, "SymPy", start_theirs))

    compare("symbolic gradient of the tanh chain, all 2N+1 names", [10, 20, 40], tanh_chain_code, "SymPy", tanh_chain_sympy)
    compare("symbolic gradient of the tanh chain, all 2N+1 names", [80, 160, 320], tanh_chain_code, "SymPy", None)
    compare("all N partials of Σ(wᵢxᵢ − yᵢ)²", [100, 250, 500], breadth_code, "SymPy", breadth_sympy)
    compare("scalar graph built in a loop (N steps), then grad", [7_500, 15_000, 20_000, 30_000], loop_graph_code, "micrograd", loop_graph_micrograd)
    compare("training loop w -= 0.01·grad((w−3)², w), N steps", [10_000, 100_000], training_loop_code, "micrograd", training_loop_micrograd)
    compare("XOR 2-4-1 full-batch step (per step)", [1_000, 5_000], xor_steps_code, "NumPy by hand", xor_steps_numpy,
            per=lambda e: e - 100, subtract=100)
    compare("moons 2-16-16-1 full-batch step (per step)", [500, 2_000], moons_steps_code, "NumPy by hand", moons_steps_numpy,
            per=lambda e: e - 50, subtract=50)
    compare("numeric gradient of an N×N matrix (numdiff)", [20, 40], numeric_code, "NumPy central differences", numeric_numpy)
    compare("backprop gradient of an N×N matrix (grad)", [20, 40], backprop_code, "autograd", backprop_autograd)

    print("| workload | N | gradbook | peer | peer's time | peer ÷ gradbook |")
    print("| --- | ---: | ---: | --- | ---: | ---: |")
    for workload, size, ours, peer_name, theirs in rows:
        ratio = "—" if theirs is None or ours <= 0 else f"{theirs / ours:,.1f}×"
        print(f"| {workload} | {size} | {figure(ours)} | {peer_name} | {figure(theirs)} | {ratio} |")

    print("\nGrowth from one size to the next (time ratio; linear growth is the size ratio):")
    by_workload = {}
    for workload, size, ours, _, theirs in rows:
        if size != "":
            by_workload.setdefault(workload, []).append((size, ours, theirs))
    for workload, points in by_workload.items():
        steps = []
        for (n1, a1, p1), (n2, a2, p2) in zip(points, points[1:]):
            peer = f", peer {p2 / p1:.1f}×" if p1 and p2 else ""
            ours = f"{a2 / a1:.1f}×" if a1 > NOISE and a2 > NOISE else "below the start-up noise"
            steps.append(f"N {n1} → {n2} (×{n2 / n1:g}): gradbook {ours}{peer}")
        if steps:
            print(f"- {workload}: " + "; ".join(steps))


def run_peer_child():
    """`--peer NAME SIZE RUNS WARM_UP`: runs the named workload once at size WARM_UP, untimed; sets it up at SIZE
    and times it up to RUNS times (fewer once the runs have taken a few seconds: SymPy's largest take that
    each); prints the median in seconds."""
    name, size, runs, warm_up = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    globals()[name](warm_up)()
    workload = globals()[name](size)
    times = []
    while len(times) < runs and sum(times) < 3:
        start = time.perf_counter()
        workload()
        times.append(time.perf_counter() - start)
    print(statistics.median(times))


if IS_PEER_CHILD:
    run_peer_child()
else:
    main()

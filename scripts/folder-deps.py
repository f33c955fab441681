#!/usr/bin/env python3
# Which folder of Sources/GradbookCore names which other folder's types, and the cycles among them.
#   python3 scripts/folder-deps.py Sources/GradbookCore       one line per folder
#   python3 scripts/folder-deps.py Sources/GradbookCore -v    and, per edge, the type names that make it
#   python3 scripts/folder-deps.py Sources/GradbookCore --check   and exit with 1 if the folders name each other in a cycle (.ci/run)
# A type is the folder's if declared there at top level; a name also declared inside the naming folder
# (a nested Step, say) does not count. Comments and string literals are ignored, except what a string
# interpolates: "\(Tensor.noun(a))" names Tensor. A subfolder's files count as its folder's.
import os, re, sys, collections
root = sys.argv[1]
decl = re.compile(r'^\s*(?:public\s+|internal\s+|private\s+|fileprivate\s+|final\s+|indirect\s+)*(?:struct|enum|class|protocol|actor|typealias)\s+([A-Z][A-Za-z0-9_]*)', re.M)
types = {}  # type -> folder
files = collections.defaultdict(list)
for folder in sorted(os.listdir(root)):
    p = os.path.join(root, folder)
    if not os.path.isdir(p): continue
    # A folder's files include those of its subfolders (Graph/Operations/ is part of Graph).
    paths = sorted(os.path.relpath(os.path.join(d, f), p) for d, _, fs in os.walk(p) for f in fs)
    for f in paths:
        if not f.endswith('.swift'): continue
        text = open(os.path.join(p, f)).read()
        files[folder].append((f, text))
        # only top-level declarations (no indentation)
        for m in re.finditer(r'^(?:public\s+|internal\s+|final\s+|indirect\s+)*(?:struct|enum|class|protocol|actor|typealias)\s+([A-Z][A-Za-z0-9_]*)', text, re.M):
            types.setdefault(m.group(1), folder)
def strip(text):
    extra = " ".join(re.findall(r"\\\(([^()]*(?:\([^()]*\)[^()]*)*)\)", text))
    text = re.sub(r'//[^\n]*', '', text)
    text = re.sub(r'"""(.|\n)*?"""', '""', text)
    text = re.sub(r'"(\\.|[^"\\\n])*"', '""', text)
    return text + " " + extra
local = collections.defaultdict(set)
for folder, fl in files.items():
    for f, text in fl:
        for m in decl.finditer(text): local[folder].add(m.group(1))
edges = collections.defaultdict(lambda: collections.defaultdict(set))
for folder, fl in files.items():
    for f, text in fl:
        for word in set(re.findall(r'\b[A-Z][A-Za-z0-9_]*\b', strip(text))):
            target = types.get(word)
            if target and target != folder and word not in local[folder]:
                edges[folder][target].add(word)
folders = sorted(files)
for a in folders:
    outs = edges[a]
    print(f"{a} ({len(files[a])} files, {sum(len(t.splitlines()) for _, t in files[a])} lines) -> " + ", ".join(f"{b}" for b in sorted(outs)))
if '-v' in sys.argv:
    for a in folders:
        for b in sorted(edges[a]):
            print(f"  {a} -> {b}: {', '.join(sorted(edges[a][b]))}")
# cycles: strongly connected components
index = {}; low = {}; stack = []; on = set(); sccs = []; counter = [0]
def sc(v):
    index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        sccs.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in folders:
    if v not in index: sc(v)
cycles = [c for c in sccs if len(c) > 1]
print("cycles (strongly connected groups):", cycles)
if '--check' in sys.argv and cycles:
    for a in folders:
        for b in sorted(edges[a]):
            if any(a in c and b in c for c in cycles):
                print(f"  {a} -> {b}: {', '.join(sorted(edges[a][b]))}")
    print("the folders above name each other in a cycle: a folder may name only types of folders below it (ARCHITECTURE.md)")
    sys.exit(1)

#!/usr/bin/env python3
# Usage: scripts/check-module-graph.py [DIR]   (default: src/check)
# Prints the module graph of DIR and its subfolders (which module uses
# which, from `crate::<dir>::a::b`, `super::X` and `self::X` paths) in
# dependency order, then the same graph folded to DIR's top-level modules
# and folders. Exits 1 if either graph has a circle, printing it. Run by
# .ci/run.
import os, re, sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src", "check")
root = os.path.normpath(root)
crate_prefix = "crate::" + os.path.basename(root) + "::"

# Module paths relative to root: "report", "ld", "ld/loadlib", …; a
# folder's mod.rs is the folder's module.
files = {}
for dirpath, _, names in os.walk(root):
    rel = os.path.relpath(dirpath, root)
    for n in names:
        if not n.endswith(".rs"):
            continue
        if n == "mod.rs":
            if rel == ".":
                continue
            mod = rel
        else:
            mod = n[:-3] if rel == "." else rel + "/" + n[:-3]
        files[mod] = os.path.join(dirpath, n)
mods = sorted(files)


def resolve(segments):
    """The longest known module a path's segments name, if any."""
    for k in range(len(segments), 0, -1):
        m = "/".join(segments[:k])
        if m in files:
            return m
    return None


def parent(m):
    return m.rsplit("/", 1)[0] if "/" in m else ""


def is_folder(m):
    return os.path.basename(files[m]) == "mod.rs"


edges = {m: set() for m in mods}
for m in mods:
    text = open(files[m], encoding="utf-8").read()
    # Unit tests may reach anywhere; the graph is about the product code.
    text = text.split("#[cfg(test)]")[0]
    # The module `super::` and `self::` name from this file.
    here = m if is_folder(m) else parent(m)
    sup = parent(m)
    for prefix, base in ((re.escape(crate_prefix), ""), (r"\bsuper::", sup), (r"\bself::", here if is_folder(m) else m)):
        for path in re.findall(prefix + r"((?:\w+::)*\w+)", text):
            segs = ([base] if base else []) + path.split("::")
            segs = "/".join(segs).split("/")
            dep = resolve(segs)
            if dep and dep != m:
                edges[m].add(dep)
        for block in re.findall(prefix + r"\{([^}]*)\}", text):
            for item in re.findall(r"((?:\w+::)*\w+)", block):
                segs = "/".join(([base] if base else []) + item.split("::")).split("/")
                dep = resolve(segs)
                if dep and dep != m:
                    edges[m].add(dep)


def order_of(graph, what):
    order, state, stack = [], {}, []

    def visit(m):
        if state.get(m) == "done":
            return
        if state.get(m) == "active":
            cycle = stack[stack.index(m):] + [m]
            print(f"circle among {what}: " + " -> ".join(cycle))
            sys.exit(1)
        state[m] = "active"
        stack.append(m)
        for d in sorted(graph[m]):
            visit(d)
        stack.pop()
        state[m] = "done"
        order.append(m)

    for m in sorted(graph):
        visit(m)
    return order


for m in order_of(edges, "modules"):
    deps = ", ".join(sorted(edges[m])) or "(leaf)"
    print(f"{m:18} -> {deps}")

# Folded to the top level: a folder and its modules are one node.
top = {}
for m, deps in edges.items():
    t = m.split("/")[0]
    top.setdefault(t, set()).update(d.split("/")[0] for d in deps if d.split("/")[0] != t)
print()
for t in order_of(top, "top-level modules and folders"):
    deps = ", ".join(sorted(top[t])) or "(leaf)"
    print(f"{t:18} -> {deps}")
print(f"no circle among {len(mods)} modules of {os.path.relpath(root)}, nor among its {len(top)} top-level modules and folders")

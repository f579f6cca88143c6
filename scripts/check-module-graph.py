#!/usr/bin/env python3
# Usage: scripts/check-module-graph.py [DIR]   (default: src/check)
# Prints the module graph of DIR (which module uses which sibling, from
# `super::X` and `crate::<dir>::X` paths) in dependency order and exits 1
# if the graph has a circle, printing it. Run by .ci/run.
import os, re, sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src", "check")
crate_prefix = "crate::" + os.path.basename(os.path.normpath(root)) + "::"
mods = sorted(f[:-3] for f in os.listdir(root) if f.endswith(".rs") and f != "mod.rs")
edges = {m: set() for m in mods}
for m in mods:
    text = open(os.path.join(root, m + ".rs"), encoding="utf-8").read()
    # Unit tests may reach anywhere; the graph is about the product code.
    text = text.split("#[cfg(test)]")[0]
    for pat in (r"super::(\w+)", re.escape(crate_prefix) + r"(\w+)"):
        for dep in re.findall(pat, text):
            if dep in edges and dep != m:
                edges[m].add(dep)
    for block in re.findall(r"super::\{([^}]*)\}", text):
        for dep in re.findall(r"\b(\w+)\b", block):
            if dep in edges and dep != m:
                edges[m].add(dep)

order, state, stack = [], {}, []


def visit(m):
    if state.get(m) == "done":
        return
    if state.get(m) == "active":
        cycle = stack[stack.index(m):] + [m]
        print("circle: " + " -> ".join(cycle))
        sys.exit(1)
    state[m] = "active"
    stack.append(m)
    for d in sorted(edges[m]):
        visit(d)
    stack.pop()
    state[m] = "done"
    order.append(m)


for m in mods:
    visit(m)
for m in order:
    deps = ", ".join(sorted(edges[m])) or "(leaf)"
    print(f"{m:12} -> {deps}")
print(f"no circle among {len(mods)} modules of {os.path.relpath(root)}")

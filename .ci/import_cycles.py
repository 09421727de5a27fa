#!/usr/bin/env python3
"""Checks the module layers of one crate's src/ (Rust): fails when its modules form more than one
import circle, or a circle of more than MAX_CIRCLE modules, or when a .rs file under the given
roots is longer than MAX_LINES lines.

  import_cycles.py CRATE_SRC_DIR [FILES_ROOT ...]

Edges come from `crate::x` paths; comment lines and `#[cfg(test)] mod tests` blocks are left out,
and submodules fold into their top-level module. The one circle allowed is the natural one: a hook
trait takes `&Request` and `Request` stores the hooks' results.
"""
import os
import re
import sys

MAX_CIRCLES = 1
MAX_CIRCLE = 5
MAX_LINES = 600


def module_edges(root):
    edges = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            top = re.sub(r"(/mod)?\.rs$", "", rel).replace("/", "::").split("::")[0]
            if top in ("lib", "main"):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                src = f.read()
            cut = re.search(r"#\[cfg\(test\)\]\s*mod tests", src)
            if cut:
                src = src[: cut.start()]
            code = "\n".join(line for line in src.split("\n") if not line.strip().startswith("//"))
            deps = set(re.findall(r"\bcrate::([a-z_][a-z0-9_]*)", code))
            edges.setdefault(top, set()).update(d for d in deps if d not in (top, "lib"))
    return edges


def circles(edges):
    """Tarjan's strongly connected components with more than one module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found, key=len, reverse=True)


def long_files(roots):
    for root in roots:
        for dirpath, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ("target", ".git")]
            for name in files:
                if name.endswith(".rs"):
                    path = os.path.join(dirpath, name)
                    with open(path, encoding="utf-8") as f:
                        lines = sum(1 for _ in f)
                    if lines > MAX_LINES:
                        yield path, lines


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    failed = False
    found = circles(module_edges(sys.argv[1]))
    for circle in found:
        print("circle:", ", ".join(circle))
    print(f"circles: {len(found)}; largest: {max((len(c) for c in found), default=0)} modules")
    if len(found) > MAX_CIRCLES or any(len(c) > MAX_CIRCLE for c in found):
        print(f"FAIL: at most {MAX_CIRCLES} import circle of at most {MAX_CIRCLE} modules", file=sys.stderr)
        failed = True
    for path, lines in long_files(sys.argv[2:] or [sys.argv[1]]):
        print(f"FAIL: {path} has {lines} lines (at most {MAX_LINES})", file=sys.stderr)
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

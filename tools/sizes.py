"""Modules over 500 lines and functions over 80, outside tests and benchmarks."""
import ast, pathlib, sys
bad = 0
for folder in ["chainatlas", "graph", "loaders", "queries", "data"]:
    for p in sorted(pathlib.Path(folder).rglob("*.py")):
        text = p.read_text()
        n = len(text.splitlines())
        if n > 500:
            print(f"{p}: module {n} lines"); bad += 1
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 80:
                    print(f"{p}:{node.lineno} {node.name} {length} lines"); bad += 1
sys.exit(1 if bad else 0)

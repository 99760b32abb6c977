#!/usr/bin/env bash
# Keeps the simulation core readable (issue 13, docs/architecture.md): in Sources/BorderSim and
# Sources/BorderSimKernel, no file over 300 lines, no function or initialiser body over 60
# lines, and in the run's state, phases and kernel no type with more than 12 stored properties
# (the declared scenario's and the results' value types are data, and Geometry/ wraps GEOS
# objects: none is the run's state). Prints each breach and exits 1 if any.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - Sources/BorderSim Sources/BorderSimKernel <<'PY'
import pathlib, re, sys

MAX_FILE, MAX_FUNC, MAX_STORED = 300, 60, 12
decl = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|private|fileprivate|internal|final|static|'
                  r'mutating|override|nonisolated|private\(set\)|package\(set\)|public\(set\))\s+)*'
                  r'(func|init|deinit|subscript|class|struct|enum|extension|protocol|var|let)\b')
breaches = []

def code(line):
    """The line without string literals and comments, for counting braces."""
    line = re.sub(r'"(?:[^"\\]|\\.)*"', '""', line)
    return line.split('//', 1)[0]

for root in sys.argv[1:]:
    for path in sorted(pathlib.Path(root).rglob('*.swift')):
        lines = path.read_text().split('\n')
        # The run's state and phases: Simulation's replacement (declared specs and results are data).
        state = path.parts[2] not in ('Scenario', 'Results', 'Geometry') if root.endswith('BorderSim') else True
        if len(lines) - 1 > MAX_FILE:
            breaches.append(f'{path}: {len(lines) - 1} lines (at most {MAX_FILE})')
        # A stack of open braces: (kind, name, first line, stored-property count).
        stack, depth_kinds = [], []
        for n, raw in enumerate(lines, 1):
            text = code(raw)
            m = decl.match(text)
            kind = m.group(1) if m else None
            is_static = bool(re.search(r'\bstatic\b', text.split('=')[0]))
            # A stored property: a let/var directly in a class or struct body, not static, not
            # computed; `let a, b: T` declares two.
            if kind in ('var', 'let') and stack and stack[-1][0] in ('class', 'struct') and not is_static \
                    and stack[-1][4] and not ('{' in text and '=' not in text.split('{')[0]):
                names = re.sub(r'^.*?\b(?:let|var)\s+', '', text.split('=')[0]).split(':')[0]
                stack[-1][3] += names.count(',') + 1
            for ch in text:
                if ch == '{':
                    if kind in ('func', 'init', 'deinit', 'subscript', 'class', 'struct', 'enum', 'extension', 'protocol') \
                            and not any(s[2] == n and s[0] == kind for s in stack):
                        name = re.sub(r'\s+', ' ', raw.strip())[:70]
                        stack.append([kind, name, n, 0, state])
                    else:
                        stack.append(['block', '', n, 0, False])
                elif ch == '}':
                    if not stack:
                        continue
                    k, name, first, stored, _ = stack.pop()
                    if k in ('func', 'init', 'deinit', 'subscript') and n - first + 1 > MAX_FUNC:
                        breaches.append(f'{path}:{first}: {name}: {n - first + 1} lines (at most {MAX_FUNC})')
                    if k in ('class', 'struct') and stored > MAX_STORED:
                        breaches.append(f'{path}:{first}: {name}: {stored} stored properties (at most {MAX_STORED})')
for b in breaches:
    print(b)
print(f'core shape: {len(breaches)} breach(es)', file=sys.stderr)
sys.exit(1 if breaches else 0)
PY

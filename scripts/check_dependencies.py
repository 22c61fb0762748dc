#!/usr/bin/env python3
"""Fails when code depends the wrong way (docs/ARCHITECTURE.md, "Dependency rules").

  kernel/                 includes only kernel/
  platform/               includes only kernel/ and platform/
  server/                 includes only kernel/, platform/ and server/ (no domain)
  modules/M/domain/       includes only kernel/ and modules/M/domain/
  modules/M/formats|ports includes no http, no cli, no storage backend
  modules/M/http/         includes no storage backend (storage/<backend>/)
  tests/ folders          may include anything (they exercise code across folders)
  any CMakeLists.txt      names only files in its own folder (no ../, no ${PROJECT_SOURCE_DIR}/x.cpp),
                          or files it generates into its own build folder (${CMAKE_CURRENT_BINARY_DIR}/x.cpp)

Usage: scripts/check_dependencies.py [ROOT]   (exit 1 and one line per violation)
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SOURCE_IN_CMAKE = re.compile(r'[^\s()"]+\.(?:cpp|hpp|cc|h)\b')
BACKEND = re.compile(r'^storage/[^/]+/')  # storage/<backend>/...: sqlite today


def allowed(path: str, target: str) -> str | None:
    """The rule `path` breaks by including `target`, or None."""
    parts = path.split('/')
    if 'tests' in parts:  # tests may exercise code across folders
        return None
    if parts[0] == 'kernel' and not target.startswith('kernel/'):
        return 'the kernel includes only the kernel'
    if parts[0] == 'platform' and not target.startswith(('kernel/', 'platform/')):
        return 'platform code includes only kernel/ and platform/'
    if parts[0] == 'server' and not target.startswith(('kernel/', 'platform/', 'server/')):
        return 'the HTTP core knows no domain: it includes only kernel/, platform/ and server/'
    if parts[0] == 'modules' and len(parts) > 3:
        module, layer = parts[1], parts[2]
        if layer == 'domain' and not target.startswith(('kernel/', f'modules/{module}/domain/')):
            return 'a domain includes only the kernel and its own domain'
        if layer in ('domain', 'formats', 'ports', 'app') and re.match(r'^(server|compose|cli)/|^modules/[^/]+/(http|cli)/', target):
            return f'{layer}/ must not depend on HTTP, the command line or the composition root'
        if BACKEND.match(target):
            return 'modules use their storage ports; backends are chosen by the composition root'
    return None


def main() -> int:
    violations = []
    for file in sorted(ROOT.rglob('*')):
        rel = file.relative_to(ROOT).as_posix()
        if rel.startswith(('build/', 'web/', '.git/')) or not file.is_file():
            continue
        if file.suffix in ('.cpp', '.hpp'):
            for target in INCLUDE.findall(file.read_text(encoding='utf-8', errors='replace')):
                rule = allowed(rel, target)
                if rule:
                    violations.append(f'{rel}: includes "{target}": {rule}')
        elif file.name == 'CMakeLists.txt':
            for name in SOURCE_IN_CMAKE.findall(file.read_text(encoding='utf-8')):
                generated_here = name.startswith('${CMAKE_CURRENT_BINARY_DIR}/') and '..' not in name
                if not generated_here and ('..' in name or name.startswith(('/', '$'))):
                    violations.append(f'{rel}: names "{name}": a folder\'s CMakeLists lists only its own files')
    for v in violations:
        print(v)
    if violations:
        print(f'check_dependencies: {len(violations)} violation(s)', file=sys.stderr)
        return 1
    print('check_dependencies: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 needs >=3.8,<3.11), or fails clearly.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2]==(3,10) else 1)' >/dev/null 2>&1; }
for cand in "${PYTHON310:-}" python3.10; do
  [ -n "$cand" ] || continue
  p=$(command -v "$cand" 2>/dev/null) || continue
  if ok "$p"; then echo "$p"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -rV); do
    p="$(pyenv prefix "$v" 2>/dev/null)/bin/python3.10"
    if ok "$p"; then echo "$p"; exit 0; fi
  done
fi
echo "error: no Python 3.10 found (Rasa 3.6 needs Python 3.10). Install it (e.g. 'pyenv install 3.10') or set PYTHON310=/path/to/python3.10." >&2
exit 1

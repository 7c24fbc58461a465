"""Executes a notebook end to end with nbclient (Debian's python3-nbclient, python3-ipykernel),
in memory: the committed file keeps no outputs. usage: run_notebook.py NOTEBOOK [TIMEOUT_S]"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main(path, timeout="240"):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            print(f"FAILED: {path} is committed with outputs; clear them "
                  "(jupyter nbconvert --clear-output --inplace)")
            return 1
    NotebookClient(notebook, timeout=int(timeout), kernel_name="python3",
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    print(f"ok: {path}: {sum(c.cell_type == 'code' for c in notebook.cells)} code cells ran")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

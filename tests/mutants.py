"""`make mutants`: mutmut, taught that `@transaction.atomic` is safe to copy.

mutmut 3 leaves every decorated function alone, because copying a decorated
function can register it twice (`@app.route`) or run code at import time. Our
services are all decorated with `@transaction.atomic`, which does neither: each
copy simply runs in its own savepoint. Without this, `make mutants` would report
no mutant at all in the services.

    python -m tests.mutants run [--max-children N]
    python -m tests.mutants results
"""

import sys

import libcst as cst
from mutmut.__main__ import cli
from mutmut.mutation import file_mutation

_skip_node_and_children = file_mutation.MutationVisitor._skip_node_and_children


def _is_atomic(decorator: cst.Decorator) -> bool:
    return (
        isinstance(decorator.decorator, cst.Attribute)
        and decorator.decorator.attr.value == "atomic"
        and isinstance(decorator.decorator.value, cst.Name)
        and decorator.decorator.value.value == "transaction"
    )


def skip_node_and_children(visitor, node):
    if isinstance(node, cst.FunctionDef) and node.decorators and all(map(_is_atomic, node.decorators)):
        return node.name.value in file_mutation.NEVER_MUTATE_FUNCTION_NAMES
    return _skip_node_and_children(visitor, node)


file_mutation.MutationVisitor._skip_node_and_children = skip_node_and_children

if __name__ == "__main__":
    sys.exit(cli())

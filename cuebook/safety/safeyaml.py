"""YAML from a book (``book.yaml``, front matter), read as plain data and nothing else.

PyYAML's ``SafeLoader`` builds only strings, numbers, lists and mappings: a ``!!python/…`` tag
is an error, never code. What it does not do, this module adds: a bound on how far aliases may
expand (a "billion laughs" document is a few hundred bytes), a refusal of aliases that contain
themselves, of characters XML cannot hold, and a location for every error, including values
PyYAML cannot build (``date: 2024-02-30`` raises a bare ``ValueError`` inside PyYAML).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from cuebook.safety.limits import MAX_YAML_VALUES
from cuebook.safety.sources import xml_unsafe


@dataclass
class YamlProblem(Exception):
    """Why a YAML text cannot be used, and where (1-based, within the text)."""

    message: str
    line: int = 1
    col: int = 1


class _Loader(yaml.SafeLoader):
    """SafeLoader whose value errors carry the value's place, like its syntax errors do."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:
            raise ConstructorError(None, None, f"cannot read the value: {exc}",
                                   node.start_mark) from exc


def parse_yaml(text: str, name: str,
               read_keys: frozenset[str] | None = None) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data; :class:`YamlProblem` if unsafe.

    ``name`` is what the document is to the user ("book.yaml", "front matter"). When the
    document is a mapping of which cuebook reads only ``read_keys``, only their values are
    bounded and checked: the others are warned about as unknown and never looked into.
    """
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (U+007F…)
        raise _unprintable(exc, text) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_nodes(node, read_keys)
        return node, loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _located(exc, name) from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(str(exc)) from exc
    except RecursionError as exc:
        raise YamlProblem("values are nested too deeply") from exc
    finally:
        loader.dispose()


def _unprintable(exc: yaml.reader.ReaderError, text: str) -> YamlProblem:
    line = text.count("\n", 0, exc.position) + 1
    col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
    return YamlProblem(f"character U+{exc.character:04X} is not allowed in YAML", line, col)


#: What an unclosed construct is, said where it opens (YAML notices it lines later).
_OPENED = {
    "while scanning a quoted scalar": "this quoted value is never closed",
    "while scanning a double-quoted scalar": "this quoted value is never closed",
    "while scanning a single-quoted scalar": "this quoted value is never closed",
    "while parsing a flow sequence": "this '[' list is never closed",
    "while parsing a flow mapping": "this '{' mapping is never closed",
}


def _located(exc: yaml.MarkedYAMLError, name: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if "could not determine a constructor" in str(exc):
        tag = problem.split("for the tag")[-1].strip()
        problem = f"tag {tag} is not allowed in {name}"
    opened = exc.context_mark
    if exc.context and opened is not None and exc.problem_mark is not None and \
            exc.problem_mark.line > opened.line:
        # An unclosed quote or bracket: the place to fix is where it opens.
        said = _OPENED.get(exc.context, exc.context.removeprefix("while ") + " starts here")
        return YamlProblem(f"{said} (YAML gave up at line {exc.problem_mark.line + 1}: "
                           f"{problem})", opened.line + 1, opened.column + 1)
    return YamlProblem(problem, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1)


def _check_nodes(root: yaml.Node, read_keys: frozenset[str] | None) -> None:
    """Count the values aliases expand to, refuse self-containing ones and unsafe text."""
    sizes: dict[int, int] = {}
    if read_keys is None or not isinstance(root, yaml.MappingNode):
        counted = [(root, root)]
    else:
        counted = [(k, v) for k, v in root.value
                   if isinstance(k, yaml.ScalarNode) and k.value in read_keys]
    total = 0
    for key, value in counted:
        total += _expanded_size(value, sizes, set())
        if total > MAX_YAML_VALUES:
            raise _at(key, f"aliases expand the values to more than {MAX_YAML_VALUES:,}")


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    key = id(node)
    if key in sizes:
        return sizes[key]  # an alias: counted again (that is what expansion costs), not walked
    if key in open_nodes:
        raise _at(node, "an alias refers to a value that contains it")
    open_nodes.add(key)
    total = 1
    if isinstance(node, yaml.ScalarNode):
        bad = xml_unsafe(str(node.value))
        if bad is not None:
            raise _at(node, f"a value holds U+{ord(bad.group()):04X}, a character XML cannot hold")
    elif isinstance(node, yaml.SequenceNode):
        total += sum(_expanded_size(child, sizes, open_nodes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(_expanded_size(k, sizes, open_nodes) + _expanded_size(v, sizes, open_nodes)
                     for k, v in node.value)
    open_nodes.discard(key)
    # Saturate: with nine-fold aliases nine deep the exact count is needlessly large.
    sizes[key] = min(total, MAX_YAML_VALUES + 1)
    return sizes[key]


def _at(node: yaml.Node, message: str) -> YamlProblem:
    return YamlProblem(message, node.start_mark.line + 1, node.start_mark.column + 1)

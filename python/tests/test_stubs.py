"""The type stubs (loftrange/__init__.pyi) describe the module: every public name has a
stub and every stub a public name; every function's and method's parameters (names,
kinds, defaults) are the same; every public name has a docstring."""

import ast
import inspect
import pathlib

import loftrange

STUB = pathlib.Path(loftrange.__file__).with_name("__init__.pyi")
# Type aliases of the stub file only (no runtime objects).
ALIASES = {"Value", "PlaceInput", "Column"}


def stub_tree():
    return ast.parse(STUB.read_text())


def stub_names(tree):
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                names[t.id] = node
    return names


def public_names():
    return {n for n in dir(loftrange) if not n.startswith("_") and not inspect.ismodule(getattr(loftrange, n))} | {
        "__version__"
    }


def params_of_stub(fn: ast.FunctionDef):
    a = fn.args
    out = []
    defaults = [None] * (len(a.args) - len(a.defaults)) + list(a.defaults)
    for arg, d in zip(a.args, defaults):
        out.append((arg.arg, "positional", None if d is None else ast.literal_eval(d)))
    for arg, d in zip(a.kwonlyargs, a.kw_defaults):
        out.append((arg.arg, "keyword", None if d is None else ast.literal_eval(d)))
    return [p for p in out if p[0] != "self"]


def params_of(fn):
    out = []
    for p in inspect.signature(fn).parameters.values():
        if p.name == "self":
            continue
        kind = "keyword" if p.kind == p.KEYWORD_ONLY else "positional"
        d = None if p.default is p.empty else p.default
        out.append((p.name, kind, d))
    return out


def test_every_public_name_has_a_stub_and_back():
    stubs = set(stub_names(stub_tree())) - ALIASES
    assert stubs == public_names()
    assert set(loftrange.__all__) <= stubs


def test_function_signatures_match_the_stubs():
    names = stub_names(stub_tree())
    for name, node in names.items():
        if isinstance(node, ast.FunctionDef):
            assert params_of(getattr(loftrange, name)) == params_of_stub(node), name


def test_class_members_match_the_stubs():
    names = stub_names(stub_tree())
    for name, node in names.items():
        if not isinstance(node, ast.ClassDef) or name == "NoSolution":
            continue
        cls = getattr(loftrange, name)
        stubbed = {}
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                stubbed[item.name] = item
            elif isinstance(item, ast.AnnAssign):
                stubbed[item.target.id] = item
        public = {
            m for m in vars(cls) if (not m.startswith("_") or m == "__geo_interface__") and m not in ("__slots__",)
        }
        if cls.__slots__ and name == "Trajectory":
            public |= set(cls.__slots__)
        documented = {m for m in stubbed if not m.startswith("_") or m == "__geo_interface__"}
        assert documented == public, name
        for m, item in stubbed.items():
            if isinstance(item, ast.FunctionDef) and not any(
                isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list
            ):
                if m in vars(cls):
                    assert params_of(vars(cls)[m]) == params_of_stub(item), f"{name}.{m}"


def test_every_public_name_has_a_docstring():
    for name in loftrange.__all__:
        obj = getattr(loftrange, name)
        assert inspect.getdoc(obj), name
    for cls in (loftrange.Estimate, loftrange.Reach, loftrange.MonteCarlo, loftrange.Record):
        for m, v in vars(cls).items():
            if not m.startswith("_"):
                assert inspect.getdoc(v), f"{cls.__name__}.{m}"

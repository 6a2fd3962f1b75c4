"""``cs:if`` / ``cs:else-if`` tests as citeproc-js evaluates them.

CSL: "match" says whether all, any or none of the tests must be true. citeproc-js builds
one test per attribute for ``type`` — true when the item's type is any of the listed types
— so ``<if type="book report" variable="URL" match="all">`` holds for a book with a URL.
citeproc-py made one test per listed type, which under ``match="all"`` no item can pass
(it has one type), so such a branch never ran and the style's fallback printed instead
(e.g. "(s.l.)" for a place the style meant to leave out)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .numbers import is_numeric


class TypeAsOneTest:
    """Mixin for citeproc-py's ``If``: the ``type`` attribute is one test."""

    def _type(self, item: Any) -> list[bool]:
        # the listed types, split once per element (speed: tested for every entry)
        return [dict.get(item.reference, "type") in (plan_of(self).types or ())]


class NumericAsCiteprocJs:
    """Mixin for citeproc-py's ``If``: ``is-numeric`` as citeproc-js tests it (ranges and
    lists of numbers are numeric; see numbers.is_numeric). citeproc-py accepted a single
    number only, so "65202-65223" under ``<if is-numeric="page">`` took the else branch."""

    def _is_numeric(self, item: Any) -> list[bool]:
        from citeproc.source import VariableError

        and_term = self.get_single_term(name="and") or "and"  # type: ignore[attr-defined]
        results = []
        for variable in self.get("is-numeric").split():  # type: ignore[attr-defined]
            try:
                value = item.locator.identifier if variable == "locator" and \
                    item.has_locator else item.reference[variable.replace("-", "_")]
            except (KeyError, VariableError):
                results.append(False)
                continue
            results.append(is_numeric(value, variable, str(and_term)))
        return results


_PLAN = "_plbib_condition"

#: the tests of citeproc-py's ``If`` besides type and variable, in its order
_OTHER_TESTS = (("is-numeric", "_is_numeric"), ("is-uncertain-date", "_is_uncertain_date"),
                ("locator", "_locator"), ("position", "_position"))


@dataclass(frozen=True)
class _Plan:
    """A branch's condition read once from its attributes (speed: tested for every entry)."""

    match: str
    disambiguate: bool
    types: frozenset[str] | None
    variables: tuple[str, ...]
    others: tuple[str, ...]


def _plan(branch: Any) -> _Plan:
    attrib = branch.attrib
    types = frozenset(attrib["type"].lower().split()) if "type" in attrib else None
    variables = tuple(v.replace("-", "_") for v in attrib.get("variable", "").split())
    match = attrib.get("match", "all")  # citeproc-py: anything but "any" or "none" is "all"
    return _Plan(match if match in ("any", "none") else "all", "disambiguate" in attrib,
                 types, variables,
                 tuple(method for name, method in _OTHER_TESTS if name in attrib))


def plan_of(branch: Any) -> _Plan:
    """``branch``'s condition, read once."""
    plan: _Plan | None = branch.__dict__.get(_PLAN)
    if plan is None:
        plan = branch.__dict__[_PLAN] = _plan(branch)
    return plan


def _present(item: Any, reference: Any, variable: str) -> bool:
    """citeproc-py's variable test: the locator is the cite's, the rest the reference's."""
    return ("locator" in item) if variable == "locator" else (variable in reference)


def _type_and_variables(plan: _Plan, item: Any) -> bool:
    """A condition of type and variable tests only (neither can raise), decided at the
    first test that settles its match (speed: most branches of most styles)."""
    match, reference = plan.match, item.reference
    settles = match != "all"  # the test result that decides "any" (true) and "none" (false)
    if plan.types is not None and (dict.get(reference, "type") in plan.types) is settles:
        return match == "any"
    for variable in plan.variables:
        if _present(item, reference, variable) is settles:
            return match == "any"
    return match != "any"


#: set on an item whose cites the other methods left alike (:mod:`.disambiguation`)
DISAMBIGUATE = "_plbib_disambiguate"


class DisambiguateCondition:
    """Mixin for citeproc-py's ``If``: ``disambiguate="true"`` holds only for an item
    whose cite the other methods (added names, given names, year suffixes) left alike
    with another, as in citeproc-js. citeproc-py ignored the test, so the branch always
    ran: MLA put the title in every cite ("Cai et al., “Efficient Federated…”"), where
    citeproc-js adds a name ("Cai, Wu, et al.")."""

    def holds(self, item: Any, context: Any = None) -> bool:
        """Does this branch's condition hold for ``item``? (citeproc-py's ``If.render``
        tests, with ``disambiguate``.)"""
        plan = plan_of(self)
        match = plan.match
        if plan.disambiguate:
            disambiguate = bool(item.__dict__.get(DISAMBIGUATE))
            if disambiguate and match == "any":
                return True
            if disambiguate == (match == "none"):
                return False
        if not plan.others:
            return _type_and_variables(plan, item)
        results: list[bool] = []
        if plan.types is not None:
            results += self._type(item)  # type: ignore[attr-defined]
        if plan.variables:
            results += self._variable(item)  # type: ignore[attr-defined]
        for test in plan.others:
            results += getattr(self, test)(item, context) if test == "_position" \
                else getattr(self, test)(item)
        if match == "any":
            return any(results)
        if match == "none":
            return not any(results)
        return all(results)

    def render(self, item: Any, context: Any = None, delimiter: str = "",
               **kwargs: Any) -> Any:
        if not self.holds(item, context):
            from citeproc.model import ConditionFailed

            raise ConditionFailed
        return self.render_children(  # type: ignore[attr-defined]
            item, context=context, delimiter=delimiter, **kwargs)


class AlwaysHolds:
    """Mixin for ``cs:else``: its condition always holds (see :class:`FirstBranch`)."""

    def holds(self, item: Any, context: Any = None) -> bool:
        return True


class FirstBranch:
    """Mixin for ``cs:choose``: the first branch whose condition holds renders (speed:
    citeproc-py tries each branch's render, which raises ConditionFailed when its
    condition fails, and lists the branches anew on every call).

    Speed: where every branch tests only the type and the presence of variables, the
    branch taken depends only on the item's type and which of those variables it has;
    each such combination is decided once per style (a style's chooses see few)."""

    def render(self, item: Any, context: Any = None, delimiter: str = "",
               **kwargs: Any) -> Any:
        branch = self.taken(item, context)
        if branch is None:
            return None
        return branch.render_children(item, context=context, delimiter=delimiter, **kwargs)

    def taken(self, item: Any, context: Any = None) -> Any:
        """The branch whose condition holds first for ``item``, or None."""
        choice: _Choice | None = self.__dict__.get(_CHOICE)
        if choice is None:
            choice = self.__dict__[_CHOICE] = _choice(self)
        if choice.table is None:
            return next((b for b in choice.branches if b.holds(item, context)), None)
        reference = item.reference
        key = (dict.get(reference, "type"),
               *[_present(item, reference, variable) for variable in choice.variables])
        try:
            return choice.table[key]
        except KeyError:
            branch = choice.table[key] = next(
                (b for b in choice.branches if b.holds(item, context)), None)
            return branch


_CHOICE = "_plbib_choice"


@dataclass
class _Choice:
    """A ``cs:choose``'s branches and, where all test only type and variables, the
    variables they test and the branch taken for each combination seen."""

    branches: tuple[Any, ...]
    variables: tuple[str, ...]
    table: dict[tuple[Any, ...], Any] | None


def _choice(choose: Any) -> _Choice:
    branches = tuple(choose.iterchildren())
    plans = [plan_of(b) for b in branches if not isinstance(b, AlwaysHolds)]
    if any(p.disambiguate or p.others for p in plans) or \
            not all(isinstance(b, AlwaysHolds | DisambiguateCondition) for b in branches):
        return _Choice(branches, (), None)
    variables = tuple(dict.fromkeys(v for p in plans for v in p.variables))
    return _Choice(branches, variables, {})

"""``cs:if`` / ``cs:else-if`` tests as citeproc-js evaluates them.

CSL: "match" says whether all, any or none of the tests must be true. citeproc-js builds
one test per attribute for ``type`` — true when the item's type is any of the listed types
— so ``<if type="book report" variable="URL" match="all">`` holds for a book with a URL.
citeproc-py made one test per listed type, which under ``match="all"`` no item can pass
(it has one type), so such a branch never ran and the style's fallback printed instead
(e.g. "(s.l.)" for a place the style meant to leave out)."""

from __future__ import annotations

from typing import Any

from .numbers import is_numeric


class TypeAsOneTest:
    """Mixin for citeproc-py's ``If``: the ``type`` attribute is one test."""

    def _type(self, item: Any) -> list[bool]:
        # the listed types, split once per element (speed: tested for every entry)
        types = self.__dict__.get("_plbib_types")
        if types is None:
            types = self.__dict__["_plbib_types"] = frozenset(
                self.get("type").lower().split())  # type: ignore[attr-defined]
        return [item.reference.type in types]


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
        attrib = self.attrib  # type: ignore[attr-defined]
        match = attrib.get("match", "all")
        if "disambiguate" in attrib:
            disambiguate = bool(item.__dict__.get(DISAMBIGUATE))
            if disambiguate and match == "any":
                return True
            if disambiguate == (match == "none"):
                return False
        results: list[bool] = []
        if "type" in attrib:
            results += self._type(item)  # type: ignore[attr-defined]
        if "variable" in attrib:
            results += self._variable(item)  # type: ignore[attr-defined]
        if "is-numeric" in attrib:
            results += self._is_numeric(item)  # type: ignore[attr-defined]
        if "is-uncertain-date" in attrib:
            results += self._is_uncertain_date(item)  # type: ignore[attr-defined]
        if "locator" in attrib:
            results += self._locator(item)  # type: ignore[attr-defined]
        if "position" in attrib:
            results += self._position(item, context)  # type: ignore[attr-defined]
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
    condition fails, and lists the branches anew on every call)."""

    def render(self, item: Any, context: Any = None, delimiter: str = "",
               **kwargs: Any) -> Any:
        branches = self.__dict__.get("_plbib_branches")
        if branches is None:
            branches = self.__dict__["_plbib_branches"] = list(
                self.iterchildren())  # type: ignore[attr-defined]
        for branch in branches:
            if branch.holds(item, context):
                return branch.render_children(item, context=context, delimiter=delimiter,
                                              **kwargs)
        return None

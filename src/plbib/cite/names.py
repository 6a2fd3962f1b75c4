"""Name lists (``cs:name``) rendered as citeproc-js renders them.

citeproc-py's ``Name.process`` differs from citeproc-js in ways that show in most styles:

* affixes on ``cs:name`` go around each person's name, not around the list (citeproc-js;
  a style with ``suffix="."`` prints "Frantar E., Ashkboos S."), and not around an
  organisation's ("Meta AI");
* the word "and" is preceded by the name delimiter as the style's options say, with the
  style's own delimiter (citeproc-py always used ", "); before an organisation, as the
  options above ``cs:name`` say (citeproc-js's ``cs:institution`` defaults);
* ``delimiter-precedes-et-al`` and ``delimiter-precedes-last`` take all four values,
  "after-inverted-name" included;
* initials without periods (``initialize-with=""``) go with a suffix without them
  ("Doe J Jr");
* a name without a given name ("Plato") and an organisation are never inverted or
  initialised;
* in a sort key, each name is "family|given" (citeproc-js's sort form), so that names
  sort by family name first whatever the display; a short-form key is the family name
  and its non-dropping particle after it ("Chen de la"), unless the style never demotes;
* a ``cs:names`` without ``cs:name`` renders (and sorts) its names as all others do
  (``elements.give_names_a_name``).
"""

from __future__ import annotations

import re
from typing import Any

from . import addnames, groups, subsequent, substitute
from .givennames import in_citation, level_of
from .initials import initialize


def _join(parts: list[Any], separator: str) -> Any:
    """Parts joined as they are: no seam is "normalised" (citeproc-js prints the name
    suffix and the delimiter both: "Frantar,, Ashkboos"), but a period ending a name
    and one starting the delimiter are one ("Anagnostidis S. Pavllo D." under ". ")."""
    from citeproc.string import MixedString, String

    kept = [String(str(part)) if isinstance(part, MixedString)
            and all(type(seg) in (str, String) for seg in part) else part
            for part in parts if part]
    periods = separator.startswith(".")
    if all(type(part) in (str, String) for part in kept):  # plain text: one segment
        if not periods:
            return String(separator.join(kept))
        return String("".join(
            (separator[1:] if kept[index - 1].endswith(".") else separator) + str(part)
            if index else str(part) for index, part in enumerate(kept)))
    out: Any = String("")
    for part in kept:
        seam = separator[1:] if periods and str(out).endswith(".") else separator
        out = (out + seam + part) if out else String("") + part
    return out


def _one(element: Any, name: Any, inverted: bool, options: dict[str, Any],
         sorting: bool, level: int | None = None) -> Any:
    """One name in the form the options ask for (a citeproc-py string), or at the
    disambiguation ``level`` set for it (:mod:`.givennames`: 1 initials, 2 in full)."""
    given, family, dropping, non_dropping, suffix = name.parts()
    if "literal" in name:  # an organisation takes the family name-part's formatting
        return _join([family if sorting else _family_part(element, family)], "")
    if level and given:
        options = dict(options, form="long")
        if level == 2:
            options["initialize-with"] = None
    if given and options["initialize-with"] is not None:
        initialize_names = options["initialize"] != "false"
        given = initialize(given, options["initialize-with"],
                           hyphen=bool(options["initialize-with-hyphen"]),
                           initialize=initialize_names)
        if suffix and "." not in options["initialize-with"]:  # "Jr." is "Jr" with "J"
            suffix = type(suffix)(str(suffix).replace(".", ""))
    demote = options["demote-non-dropping-particle"]
    if sorting and options["form"] == "short":  # "Chen de la": the particle demoted
        return _join([non_dropping, family] if demote == "never" else
                     [family, non_dropping], " ")
    if sorting:
        if demote == "never":
            head = _join([non_dropping, family, dropping], " ")
            return _join([head, _join([given, suffix], " ")], "|")
        return _join([family, _join([given, dropping, non_dropping, suffix], " ")], "|")
    # name-part formatting as citeproc-js applies it: the family part's to the family
    # name and the non-dropping particle, each on its own ("De la Chen" in sentence
    # case); the given part's to the given name and the dropping particle
    family, non_dropping = (_family_part(element, part) for part in (family, non_dropping))
    given, dropping = (_given_part(element, part) for part in (given, dropping))
    if options["form"] == "short":
        return _particle_and_family(non_dropping, family)
    if inverted and given:
        if demote in ("never", "sort-only"):
            return _join([_particle_and_family(non_dropping, family),
                          _join([given, dropping], " "),
                          suffix], options["sort-separator"])
        return _join([family, _join([given, dropping, non_dropping], " "), suffix],
                     options["sort-separator"])
    return _join([given, dropping, _particle_and_family(non_dropping, family), suffix], " ")


def _particle_and_family(particle: Any, family: Any) -> Any:
    """A particle ending in a hyphen or an apostrophe is written on to the family name
    ("al-Hakim", "d’Alché-Buc"), any other one with a space ("van der Berg")."""
    glued = str(particle).endswith(("-", "'", "’", "\u02bb"))
    return _join([particle, family], "" if glued else " ")


def _family_part(element: Any, text: Any) -> Any:
    return element._name_parts(None, text)[1] if text else text


def _given_part(element: Any, text: Any) -> Any:
    return element._name_parts(text, None)[0] if text else text


def _affixed(element: Any, name: Any, text: Any) -> Any:
    return text if "literal" in name else element.wrap(text)


def _inherited(element: Any, attribute: str) -> str | None:
    for ancestor in element.iterancestors():
        value = ancestor.get(attribute)
        if value is not None:
            return str(value)
    return None


# citeproc-js's CSL.STARTSWITH_ROMANESQUE_REGEXP: an "et al." term that does not start
# with one of these letters follows the names without a space ("Frantar Elias等")
_ROMANESQUE_START = re.compile(
    "[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a"
    "\u021b\u202a-\u202e]")
_TAG = re.compile(r"^(?:<[^>]*>)+")

def _area_option(element: Any, context: Any, name: str) -> str | None:
    """``name`` as the enclosing cs:bibliography / cs:citation sets it, else the style."""
    holder = context if context is not None else element
    for ancestor in holder.iterancestors():
        if ancestor.tag.endswith(("}bibliography", "}citation")) and \
                ancestor.get(name) is not None:
            return str(ancestor.get(name))
    root = element.getroottree().getroot()
    return str(root.get(name)) if root.get(name) is not None else None


def _initialize(element: Any, context: Any) -> str:
    """"false" where the name, or an element above it or above the macro call, says so
    (asked once per name element and context)."""
    known = element.__dict__.setdefault("_plbib_initialize", {})
    key = id(context)
    if key not in known:
        holders = [element, *element.iterancestors(),
                   *([context, *context.iterancestors()] if context is not None else [])]
        known[key] = "false" if any(holder.get("initialize") == "false"
                                    for holder in holders) else "true"
    return str(known[key])


_ET_AL = ("et-al-min", "et-al-use-first", "et-al-use-last")

_OPTIONS = ("and", "delimiter", "delimiter-precedes-et-al", "delimiter-precedes-last",
            "et-al-min", "et-al-use-first", "et-al-use-last", "initialize-with",
            "initialize-with-hyphen", "name-as-sort-order", "sort-separator", "form",
            "demote-non-dropping-particle")


def _options(element: Any, context: Any, sort_options: Any) -> dict[str, Any]:
    """The name's options, its own, inherited or a sort key's: read once per calling
    element and sort key (speed: they depend only on the style; a copy, for the caller to
    change)."""
    known: dict[Any, dict[str, Any]] = element.__dict__.setdefault("_plbib_options", {})
    key = (context, None if sort_options is None else tuple(sorted(sort_options.items())))
    found = known.get(key)
    if found is None:
        found = known[key] = {name: element.get_option(name, context, sort_options)
                              for name in _OPTIONS}
    return dict(found)


#: set on an item while its cite is rendered in its subsequent form
_SUBSEQUENT = "_plbib_subsequent_form"


def subsequent_form(item: Any, on: bool) -> None:
    """Render ``item``'s cites with ``et-al-subsequent-min``/``-use-first`` (citeproc-py
    knows no subsequent form; :mod:`.disambiguation` compares cites in it)."""
    if on:
        item.__dict__[_SUBSEQUENT] = True
    else:
        item.__dict__.pop(_SUBSEQUENT, None)


def _subsequent_options(element: Any) -> dict[str, int]:
    """``et-al-subsequent-*`` of the name, else of ``cs:citation``, else of the style."""
    root = element.getroottree().getroot()
    out = {}
    for option in ("et-al-min", "et-al-use-first"):
        attribute = option.replace("et-al-", "et-al-subsequent-")
        for holder in (element, root.citation, root):
            if holder is not None and holder.get(attribute) is not None:
                out[option] = int(holder.get(attribute))
                break
    return out


def render(element: Any, item: Any, variable: str, context: Any, sort_options: Any) -> Any:
    """The names of ``variable`` as one string (citeproc-py's ``Name.process`` contract)."""
    options = _options(element, context, sort_options)
    if sort_options is not None:
        # citeproc-js's sort keys take their et-al options from the key (names-min…), else
        # from cs:bibliography / cs:citation or the style, over the name's own
        # (harvard-dundalk-institute-of-technology: et-al-min="19" on the name, "4" on the
        # bibliography: the key is "Cai, D." alone)
        for name in _ET_AL:
            if name not in sort_options:
                inherited = _area_option(element, context, name)
                if inherited is not None:
                    options[name] = int(inherited) if name != "et-al-use-last" else \
                        inherited.lower() == "true"
    outer = substitute.substituting(item)
    if outer is not None and sort_options is None:
        # names printed in place of others take the et-al options their own cs:name does
        # not set from the cs:name of the names they stand in for (citeproc-js: tabula's
        # editors, in a macro, "OH, A. et al. (eds.)" under container-author's et-al-min)
        for name in _ET_AL:
            if element.get(name) is None and outer.get(name) is not None:
                options[name] = outer.get_option(name, context, sort_options)
    if item.__dict__.get(_SUBSEQUENT) and sort_options is None:
        options.update(_subsequent_options(element))
    # inheritable from cs:bibliography / cs:citation, which a name in a macro reaches only
    # through the element that called the macro (wirtschaftsuniversitat-wien's editors).
    # citeproc-js reads only initialize="false" (@initialize sets nothing for "true"), so a
    # "false" anywhere above wins over a name's own "true" (effective-altruism-wiki:
    # "Anagnostidis, Sotiris" under a bibliography with initialize="false")
    options["initialize"] = _initialize(element, context)
    names = list(item.reference.get(variable, []))
    groups.record(item, bool(names))
    if options["form"] == "count":
        count = len(names)
        if options["et-al-min"] and count >= options["et-al-min"]:
            count = min(count, options["et-al-use-first"])
        return count
    sorting = sort_options is not None
    truncate = bool(options["et-al-min"]) and len(names) > 1 and \
        len(names) >= options["et-al-min"]
    added = addnames.shown(item) if sort_options is None and \
        variable == ("author" if item.reference.get("author") else "editor") else None
    if truncate and added is not None and added > options["et-al-use-first"]:
        # names added to tell cites apart, shown in the bibliography too (citeproc-js:
        # "CAI, D.; WU, Y.; et al." where the style's bibliography shows one name)
        truncate = added < len(names)
        options["et-al-use-first"] = added
    use_last = truncate and bool(options["et-al-use-last"])
    if use_last:
        # citeproc-js keeps room for "… Last": at most et-al-min − 2 names before the
        # ellipsis (et-al-min 6, use-first 5: four names, "…", the last); citeproc-py fell
        # back to "et al." there. The count is a JavaScript slice end: a negative one
        # (names-min="1" in a sort key) counts from the end, and then every name shows
        cap = min(options["et-al-use-first"], options["et-al-min"] - 2)
        if sorting and cap < 1:  # a key keeps its first names (journal-of-fish-biology's
            use_last = False     # names-min="1"), with room it ends with the last name
        elif len(names[:cap]) + 1 >= len(names):  # (waterbirds: "Wang W Wei F")
            truncate = use_last = False
        else:
            options["et-al-use-first"] = cap
    shown = names[:options["et-al-use-first"]] if truncate else names
    order = options["name-as-sort-order"]
    inverted = [order == "all" or (order == "first" and index == 0)
                for index in range(len(shown))]
    # the bibliography's levels hold in its sort keys too (citeproc-js: "Ma|Xindian"
    # before "Ma|Xinyin" where both print "Ma, X."); a cite's do not, nor do they in a key
    # of short names (american-association-of-petroleum-geologists sorts "Zhang, He" before
    # "Zhang, Li" though cites print "Z. Zhang" and "H. Zhang")
    leveled = not (sorting and (in_citation(item) or options["form"] == "short"))
    # each person's name wrapped in the affixes (a period already there is not doubled:
    # "S."); an organisation's not (citeproc-js)
    texts = [_affixed(element, name, _one(element, name, inverted[index], options, sorting,
                                          level_of(item, variable, index) if leveled
                                          else None))
             for index, name in enumerate(shown)]
    delimiter = options["delimiter"] if options["delimiter"] is not None else ", "

    def joined(texts: list[Any]) -> Any:
        if truncate:
            if use_last:
                ellipsis = element.unicode_character("horizontal ellipsis")
                # its given-name level is the one of the name's place in the list shown
                # (citeproc-js counts positions in what it prints)
                last = _affixed(element, names[-1], _one(
                    element, names[-1], order == "all", options, sorting,
                    level_of(item, variable, len(shown)) if leveled else None))
                if sorting:  # a sort key has the last name too, and no "…"
                    return _join([*texts, last], delimiter)
                # citeproc-js (_joinEllipsis): the delimiter before "…" after two names or
                # more, else a space, unless delimiter-precedes-last="after-inverted-name"
                # and the name before is inverted
                before = delimiter if len(texts) >= 2 or (
                    options["delimiter-precedes-last"] == "after-inverted-name"
                    and inverted[-1]) else " "
                return _join([_join(texts, delimiter), ellipsis + " " + last], before)
            et_al = element.et_al()
            if not et_al or sorting:
                return _join(texts, delimiter)
            rule = options["delimiter-precedes-et-al"]
            before = delimiter if (rule == "always" or (rule == "contextual" and len(texts) >= 2)
                                   or (rule == "after-inverted-name" and inverted[-1])) else " "
            # citeproc-js wraps the names and "et al." in cs:name's affixes once more
            # ("[[One, A.] et al.]"): a suffix " " keeps "et al. In" apart
            if before == " " and not _ROMANESQUE_START.match(_TAG.sub("", str(et_al))):
                before = ""  # citeproc-js: no space before "等" or "[et al.]"
            return element.wrap(_join([_join(texts, delimiter), et_al], before))
        if len(texts) < 2 or sorting:  # sort keys have no "and"
            return _join(texts, delimiter)
        if not options["and"]:  # before a last organisation, cs:institution's delimiter
            # (citeproc-js): cs:name's own, else ", " — not one inherited from the style
            # ("Org One, Org Two" under name-delimiter="/")
            institution = element.get("delimiter") or ", "
            return _join([_join(texts[:-1], delimiter), texts[-1]],
                         institution if "literal" in shown[-1] else delimiter)
        term = element.get_single_term(name="and") if options["and"] == "text" else "&"
        rule = options["delimiter-precedes-last"]
        if not _ROMANESQUE_START.match(_TAG.sub("", str(term))):
            # citeproc-js: no spaces around an "and" such as "和" ("Solihin和Heinrich"), the
            # delimiter before it only with delimiter-precedes-last="always" and two names
            before = delimiter if rule == "always" and len(texts) == 2 else ""
            return _join([_join(texts[:-1], delimiter), _join([term, texts[-1]], "")], before)
        if "literal" in shown[-1]:  # before an organisation: cs:institution's rule (citeproc-js),
            # which a style sets only above cs:name ("The BigScience Workshop & Meta AI")
            rule = (_inherited(element, "delimiter-precedes-last") or
                    (_inherited(context, "delimiter-precedes-last") if context is not None
                     else None) or "contextual")
        if rule == "always" or (rule == "contextual" and len(texts) > 2) or \
                (rule == "after-inverted-name" and inverted[len(texts) - 2]):
            before = delimiter
        else:
            before = " "
        if before[:1] in (",", ";") and str(texts[-2]).endswith(before[0]):
            # the "and" term's prefix merges with a name's own suffix (citeproc-js:
            # "Liang P, and" where names end "," and the delimiter is ", "), which a
            # plain delimiter does not ("Dauphin Y N,, Liang P")
            before = before[1:]
        return _join([_join(texts[:-1], delimiter), _join([term, texts[-1]], " ")], before)

    if sorting:
        return joined(texts)
    # the first names of a bibliography entry, kept or replaced by the style's
    # subsequent-author-substitute (:mod:`.subsequent`)
    return subsequent.names(item, shown, texts, joined)

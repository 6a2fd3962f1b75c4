from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plbib import Name, Title, load
from plbib.keys import KEY_PATTERN, ascii_fold, base_key, make_key


def test_rule_examples() -> None:
    orca = Title.parse("{Orca}: A Distributed Serving System")
    assert base_key([Name(family="Yu", given="Gyeong-In")], 2022, orca) == "yu2022orca"
    # stopwords are skipped; accents folded; particles left out
    assert base_key([Name(family="Öztürk", given="A", particle="van")], 2020,
                    Title.plain("On the Use of Things")) == "ozturk2020use"
    assert base_key([Name(literal="Google DeepMind")], 2024,
                    Title.plain("Gemini")) == "google2024gemini"
    assert base_key([], None, Title.plain("The")) == "untitled"


def test_collisions_are_resolved_deterministically() -> None:
    title = Title.plain("Orca")
    taken = {"yu2022orca"}
    assert make_key([Name(family="Yu")], 2022, title, taken) == "yu2022orcab"
    taken |= {"YU2022ORCAB"}  # keys collide regardless of case, as in BibTeX
    assert make_key([Name(family="Yu")], 2022, title, taken) == "yu2022orcac"


def test_ascii_fold() -> None:
    assert ascii_fold("Łukasz Straße-Æon") == "lukaszstrasseaeon"


def test_bundled_keys_follow_the_rule_and_are_valid() -> None:
    for record in load():
        assert KEY_PATTERN.match(record.key)
        assert record.key == base_key(record.authors, record.year, record.title)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_fold_shortcut_for_ascii_text_is_the_general_path(text: str) -> None:
    from plbib.folding import _ascii_fold_unicode, ascii_fold

    assert ascii_fold(text) == _ascii_fold_unicode(text)


def test_a_key_a_bibtex_file_can_hold_is_read_with_a_warning_when_not_portable() -> None:
    """People's keys are wider than the key rule's (Better BibTeX exports ``_loi_2011``,
    ``Lüscher_2011``, ``Vaishnavi&Kuechler2004``): read as they are, with a warning, and
    written back; a key no BibTeX file can hold (white space, a comma, a brace, a quote,
    ``=``) is an error naming the key field."""
    import plbib

    keys = ["_loi_2011", "Lüscher_2011", "Vaishnavi&Kuechler2004", "[NOTITLE]2017",
            "o'brien:x"]
    text = "".join(f"@misc{{{key}, title = {{T{i}}}, year = 2000}}\n"
                   for i, key in enumerate(keys))
    papers = plbib.loads(text, "bibtex")
    assert [r.key for r in papers] == keys
    assert [w.key for w in papers.warnings if w.field == "key"] == keys
    assert [r.key for r in plbib.loads(plbib.dumps(papers, "bibtex"), "bibtex")] == keys
    yaml = plbib.dumps(papers, "yaml")
    assert [r.key for r in plbib.loads(yaml, "yaml")] == keys
    for bad in ("a b", "a,b", "a{b", 'a"b', "a=b"):
        with pytest.raises(plbib.ValidationFailed, match="is not a usable citation key"):
            plbib.loads(f"papers:\n- key: '{bad}'\n  type: misc\n  title: T\n  year: 2000\n",
                        "yaml")

"""citeproc-js's title case (plbib.cite.titlecase); the examples are citeproc-js's own output
(tests/test_cite.py compares whole entries with citeproc-js when node is installed)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plbib.cite.titlecase import Run, title_case


def _text(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def test_stop_words_hyphens_and_the_last_word() -> None:
    runs = title_case([Run("filtering out redundancy: a k-nearest view without a warm-up "
                           "to look up")])
    assert _text(runs) == ("Filtering out Redundancy: A k-Nearest View without a Warm-up to "
                           "Look Up")


def test_words_with_capitals_and_lone_greek_letters_stay() -> None:
    assert _text(title_case([Run("training iPhone models on α data")])) == \
        "Training iPhone Models on α Data"


def test_nocase_runs_are_kept_and_end_the_first_word() -> None:
    runs = title_case([Run("GPTQ", nocase=True), Run(": accurate quantization of the models")])
    assert runs == [Run("GPTQ", nocase=True), Run(": Accurate Quantization of the Models")]
    # a stop word right after a no-case first word is not "the first word"
    assert _text(title_case([Run("ViT", nocase=True), Run(" for the win")])) == "ViT for the Win"


def test_unclosed_quote_keeps_the_case_of_the_word_after_it() -> None:
    assert _text(title_case([Run("“an unclosed quote")])) == "“an Unclosed Quote"
    assert _text(title_case([Run("can models “think” step by step")])) == \
        "Can Models “Think” Step by Step"


_letters = st.text(alphabet="abcdeXYZ -:“”’‘'\"()α.", max_size=40)


@given(st.lists(st.tuples(_letters, st.booleans()), max_size=5))
def test_only_case_changes_and_nocase_runs_are_untouched(parts: list[tuple[str, bool]]
                                                        ) -> None:
    runs = [Run(text, nocase) for text, nocase in parts]
    out = title_case(runs)
    assert _text(out).lower() == _text(runs).lower()
    kept = [r.text for r in runs if r.nocase and r.text]
    assert [r.text for r in out if r.nocase] == kept

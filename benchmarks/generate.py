"""Seeded generator of realistic synthetic paper lists, for benchmarks.

    python -m benchmarks.generate 10000 -o benchmarks/_generated/10k.yaml

Records look like the bundled list's, with more variety: up to a dozen authors, accented
names, particles and suffixes, organisations, acronyms protected in titles, conference
papers, journal articles and preprints. The same seed always gives the same file.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from plbib import EntryType, Name, Pages, Record, Span, Title
from plbib.formats.yaml import write as dumps
from plbib.keys import TakenKeys, make_key
from plbib.resources import load_venues

GIVEN = ["Elias", "Saleh", "Torsten", "Dan", "Gyeong-In", "Joo Seong", "Zhe", "Xuechao",
         "Jiejing", "Ömer", "José", "Zoë", "François", "Łukasz", "Ana", "Jürgen", "Siân",
         "Hyung-Jin", "Yulan", "Aakanksha", "Marcello", "Berkin", "Natalie D.", "Björn"]
FAMILY = ["Frantar", "Ashkboos", "Hoefler", "Alistarh", "Yu", "Jeong", "Zhou", "Wei",
          "Zhang", "Öztürk", "García", "Müller", "Nguyễn", "Kowalski", "Souza", "Schmidt",
          "Kim", "Lee", "Wang", "Chen", "Dvořák", "Enright Jerger", "Ilbeyi", "Søndergaard"]
PARTICLES = ["van", "van der", "de", "von", "di", "de la"]
ORGS = ["Google DeepMind", "OpenAI", "The BigScience Workshop", "Meta AI"]
ACRONYMS = ["GPU", "LLM", "DNN", "ViT", "BERT", "GPTQ", "MoE", "KV", "NPU", "FPGA", "RDMA",
            "CUDA", "TPU", "NLP", "3D", "SSD"]
WORDS = ["Efficient", "Scalable", "Adaptive", "Serving", "Inference", "Training", "Memory",
         "Quantization", "Sparse", "Attention", "Parallelism", "Compression", "Kernels",
         "Scheduling", "Edge", "Mobile", "Offloading", "Distributed", "Large", "Models",
         "Language", "Transformers", "Pipelines", "Caching", "Speculative", "Decoding"]
SECTIONS = ["Model", "Input", "Inference engine", "Training Engine", "Compiler", "Hardware"]
JOURNALS = ["Proceedings of the ACM on Interactive, Mobile, Wearable and Ubiquitous "
            "Technologies", "IEEE Transactions on Computers", "ACM Computing Surveys"]


def _name(rng: random.Random) -> Name:
    roll = rng.random()
    if roll < 0.03:
        return Name(literal=rng.choice(ORGS))
    if roll < 0.10:
        return Name(family=rng.choice(FAMILY), given=rng.choice(GIVEN),
                    particle=rng.choice(PARTICLES))
    if roll < 0.12:
        return Name(family=rng.choice(FAMILY), given=rng.choice(GIVEN), suffix="Jr.")
    return Name(family=rng.choice(FAMILY), given=rng.choice(GIVEN))


def _title(rng: random.Random) -> Title:
    spans = [Span(rng.choice(ACRONYMS) + rng.choice(["", "-Serve", "Flow"]), True), Span(": ")]
    words = rng.sample(WORDS, rng.randint(4, 9))
    for word in words:
        if rng.random() < 0.15:
            spans += [Span(rng.choice(ACRONYMS), True), Span(" ")]
        spans.append(Span(word + " "))
    spans[-1] = Span(spans[-1].text.rstrip())
    return Title(tuple(spans))


def generate(count: int, seed: int = 2026) -> list[Record]:
    rng = random.Random(seed)
    conferences = [v.short for v in load_venues() if v.kind.value == "conference"]
    taken = TakenKeys()
    records = []
    for index in range(count):
        authors = tuple(_name(rng) for _ in range(rng.randint(1, 12)))
        year = rng.randint(2015, 2025)
        title = _title(rng)
        key = make_key(authors, year, title, taken)
        taken.add(key)
        kind = rng.random()
        common = dict(key=key, title=title, authors=authors, year=year,
                      section=rng.choice(SECTIONS), affiliation=rng.choice(["KAIST", "MIT",
                      "Seoul National University", "Peking University", "ETH Zürich"]))
        start = rng.randint(1, 900)
        pages = Pages(str(start), str(start + rng.randint(8, 20)))
        if kind < 0.7:
            venue = rng.choice(conferences)
            record = Record(type=EntryType.CONFERENCE_PAPER, venue=venue, month=rng.randint(1, 12),
                            container_title=Title.plain(f"Proceedings of {venue} {year}"),
                            pages=pages, publisher="ACM", doi=f"10.1145/{3500000 + index}",
                            **common)  # type: ignore[arg-type]
        elif kind < 0.85:
            journal = rng.choice(JOURNALS)
            record = Record(type=EntryType.JOURNAL_ARTICLE,
                            venue="IMWUT" if journal == JOURNALS[0] else None,
                            container_title=Title.plain(journal),
                            volume=str(rng.randint(1, 40)), issue=str(rng.randint(1, 12)),
                            pages=pages, doi=f"10.1109/TC.{year}.{index}",
                            **common)  # type: ignore[arg-type]
        else:
            record = Record(type=EntryType.PREPRINT, venue="arXiv",
                            arxiv=f"{year % 100:02d}{rng.randint(1, 12):02d}.{index % 100000:05d}",
                            **common)  # type: ignore[arg-type]
        records.append(record)
    return records


SINGLE_NAMES = ["Plato", "Sukarno", "Suharto", "Madonna"]
INITIALS = ["J. S.", "A.", "T. M.", "J.-P.", "C. Y."]
HYPHENATED = ["Jean-Pierre", "Hyung-Jin", "Cheng-Yang", "Yang-gon", "Anne-Marie"]
SUFFIXES = ["Jr.", "Sr.", "III"]
PUBLISHERS = ["ACM", "IEEE", "Springer", "MIT Press", "USENIX Association"]
PLACES = ["New York, NY, USA", "Cham", "Vancouver, BC, Canada", "Zürich"]
SCHOOLS = ["Massachusetts Institute of Technology", "ETH Zürich", "KAIST"]


def _varied_name(rng: random.Random) -> Name:
    """Every name shape a style has rules for."""
    roll = rng.random()
    if roll < 0.06:
        return Name(literal=rng.choice(ORGS))
    if roll < 0.10:
        return Name(family=rng.choice(SINGLE_NAMES))
    if roll < 0.20:
        return Name(family=rng.choice(FAMILY), given=rng.choice(GIVEN),
                    particle=rng.choice(PARTICLES))
    if roll < 0.25:
        return Name(family=rng.choice(FAMILY), given=rng.choice(GIVEN),
                    suffix=rng.choice(SUFFIXES))
    if roll < 0.35:
        return Name(family=rng.choice(FAMILY), given=rng.choice(INITIALS))
    if roll < 0.45:
        return Name(family=rng.choice(FAMILY), given=rng.choice(HYPHENATED))
    return Name(family=rng.choice(FAMILY), given=rng.choice(GIVEN))


def _maybe(rng: random.Random, value: object, chance: float = 0.75) -> object:
    return value if rng.random() < chance else None


def varied(count: int, seed: int = 2026) -> list[Record]:
    """Records for the CSL conformance runner (scripts/conformance.py): every entry type,
    every name shape (particles, suffixes, organisations, single names, accents, hyphens,
    initials), 1 to 30 authors, optional fields left out at random, year-and-month, year
    only and (for misc) no date, titles with protected spans and math. Seeded."""
    rng = random.Random(seed)
    taken = TakenKeys()
    types = list(EntryType)
    records = []
    for index in range(count):
        kind = types[index % len(types)]
        many = rng.random() < 0.15
        authors = tuple(_varied_name(rng)
                        for _ in range(rng.randint(8, 30) if many else rng.randint(1, 6)))
        title = _title(rng)
        if rng.random() < 0.1:
            title = Title((*title.spans, Span(" in "), Span("O(n^2)", True, True),
                           Span(" Time")))
        year = None if kind is EntryType.MISC and rng.random() < 0.5 else rng.randint(1990, 2025)
        key = make_key(authors, year, title, taken)
        taken.add(key)
        start = rng.randint(1, 900)
        fields: dict[str, object] = dict(
            key=key, type=kind, title=title, authors=authors, year=year,
            month=_maybe(rng, rng.randint(1, 12), 0.5) if year else None,
            pages=_maybe(rng, Pages(str(start), str(start + rng.randint(1, 30)))),
            doi=_maybe(rng, f"10.1145/{3500000 + index}", 0.5),
            url=_maybe(rng, f"https://example.org/paper/{index}", 0.3),
            publisher=_maybe(rng, rng.choice(PUBLISHERS)),
        )
        if kind in (EntryType.CONFERENCE_PAPER, EntryType.BOOK_CHAPTER):
            venue = rng.choice(["OSDI", "NeurIPS", "ICLR", "ASPLOS", "MobiSys"])
            fields.update(
                venue=venue if kind is EntryType.CONFERENCE_PAPER else None,
                container_title=Title.plain(f"Proceedings of {venue} {year}"),
                editors=tuple(_varied_name(rng) for _ in range(rng.randint(0, 3))),
                event_place=_maybe(rng, rng.choice(PLACES), 0.5))
        elif kind is EntryType.JOURNAL_ARTICLE:
            fields.update(container_title=Title.plain(rng.choice(JOURNALS)),
                          volume=_maybe(rng, str(rng.randint(1, 40))),
                          issue=_maybe(rng, str(rng.randint(1, 12)), 0.5),
                          number=_maybe(rng, str(rng.randint(1, 300)), 0.2))
        elif kind is EntryType.PREPRINT:
            fields.update(venue="arXiv", arxiv=f"{year % 100:02d}{rng.randint(1, 12):02d}."
                                               f"{index:05d}", pages=None)
        elif kind is EntryType.BOOK:
            fields.update(publisher=rng.choice(PUBLISHERS), pages=None,
                          isbn=_maybe(rng, "978-1-939133-28-1", 0.3))
        elif kind in (EntryType.THESIS, EntryType.REPORT):
            fields.update(publisher=rng.choice(SCHOOLS), pages=None,
                          number=_maybe(rng, f"TR-{index}", 0.5)
                          if kind is EntryType.REPORT else None)
        records.append(Record(**{k: v for k, v in fields.items()
                                 if v is not None}))  # type: ignore[arg-type]
    return records


#: the proceedings DBLP-style files name through @string macros
_PROCEEDINGS = {"osdi": "16th {USENIX} Symposium on Operating Systems Design and "
                        "Implementation, {OSDI} 2022",
                "asplos": "Proceedings of the 28th {ACM} International Conference on "
                          "Architectural Support for Programming Languages and Operating "
                          "Systems, Volume 2",
                "neurips": "Advances in Neural Information Processing Systems 36",
                "mlsys": "Proceedings of Machine Learning and Systems 2023"}
#: a small vocabulary, so that many titles are one word from many others (the case the
#: near-duplicate title check must stay linear in)
_LOOKALIKE = ["Efficient", "Fast", "Scalable", "Serving", "Training", "Inference", "Large",
              "Language", "Models", "on", "GPUs", "with", "Memory", "Sparse", "Quantized"]


def dblp_bib(count: int, seed: int = 2026) -> str:
    """A BibTeX file as a large hand-kept or DBLP-exported bibliography is: ``@string``
    macros for the proceedings, DBLP's ``timestamp``, ``biburl`` and ``bibsource``, an
    abstract of some hundred words on most entries, and titles from a small vocabulary
    (many of them one word from many others). Seeded: the same count and seed give the
    same text. For benchmarks (``bench_bibtex_instructions --corpus dblp``)."""
    rng = random.Random(seed)
    out = ["".join(f"@string{{{macro} = {{{text}}}}}\n" for macro, text in
                   _PROCEEDINGS.items())]
    macros = list(_PROCEEDINGS)
    # a quarter of the titles are drawn from a pool a tenth the corpus's size: titles
    # read again and again, as talks, editorials and "Preface" do in real files
    pool = [" ".join(rng.choice(_LOOKALIKE) for _ in range(rng.randint(3, 6)))
            for _ in range(max(1, count // 10))]
    for index in range(count):
        authors = " and ".join(
            (lambda n: f"{n.given} {n.particle + ' ' if n.particle else ''}{n.family}"
             if not n.literal else "{" + n.literal + "}")(_name(rng))
            for _ in range(rng.randint(1, 8)))
        if rng.random() < 0.25:
            title = rng.choice(pool)
        else:
            title = " ".join(rng.choice(_LOOKALIKE) for _ in range(rng.randint(5, 9)))
            title = f"{{{rng.choice(ACRONYMS)}}}: {title}"
        year = rng.randint(2015, 2025)
        abstract = " ".join(rng.choice(WORDS).lower() for _ in range(rng.randint(80, 160)))
        key = f"DBLP:conf/x/E{index}"
        start = rng.randint(1, 900)
        fields = [("author", "{" + authors + "}"), ("title", "{" + title + "}"),
                  ("booktitle", rng.choice(macros)), ("pages", f"{{{start}--{start + 12}}}"),
                  ("year", f"{{{year}}}"), ("doi", f"{{10.1145/{4000000 + index}}}"),
                  ("timestamp", "{Mon, 04 Dec 2023 10:00:00 +0100}"),
                  ("biburl", f"{{https://dblp.org/rec/conf/x/E{index}.bib}}"),
                  ("bibsource", "{dblp computer science bibliography, https://dblp.org}")]
        if rng.random() < 0.8:
            fields.append(("abstract", "{" + abstract + "}"))
        body = ",\n".join(f"  {name:<9} = {value}" for name, value in fields)
        out.append(f"\n@inproceedings{{{key},\n{body}\n}}\n")
    return "".join(out)


def write(count: int, path: Path, seed: int = 2026) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(generate(count, seed), sections=SECTIONS), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write(args.count, args.output, args.seed)


if __name__ == "__main__":
    main()

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
from plbib.keys import TakenKeys, make_key
from plbib.store import dumps, load_venues

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

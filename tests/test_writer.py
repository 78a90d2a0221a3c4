"""The index writer (``papercli.pool``) and the analysis shortcut it takes
(``index_terms``) write exactly what Whoosh's own writer and analyzer chain write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import TEXT, Schema

from papercli.engine.analysis import KoreanText, index_terms, text_analyzer
from papercli.engine.pool import TermWriter
from papercli.engine.schema import entry_doc, schema
from papercli.parse import decode, parse_digest
from tests.conftest import EXAMPLES, FIXTURES, REPO

TEXTS = [
    "",
    "강화학습",
    "강화 학습을 RLHF로 개선합니다.",
    "뇌 신호 뇌 뇌신호",
    "다 가나다 다 라다 다",
    "GPT-4o는 Large Language Models, models and modelling_with_underscores 2024",
    "漢字と カタカナ 混合 テキスト, 中文",
    "모델 모델 모델 모델의 모델을\n\n  모델\t모델",
    "a b c ab abc I II",
    "ㄱㄴㄷ ㅏ 한",
    "LongRoPE와 DeepSeekMath, Qwen2-VL-7B, Llama-3.1 and QLoRA (GPT4o) on iPhone",
    "ＧＲＰＯ의 전각 글자와 ＬｏｎｇＲｏＰＥ, e.g. v1.2.3 end-to-end",
    "LongRoPE LongRoPE RoPE-based long-RoPE",
]


def _docs() -> list[dict[str, Any]]:
    files = [
        *sorted((REPO / "tests" / "search" / "corpus").glob("*.md")),
        *sorted(FIXTURES.rglob("*.md")),
        *sorted(EXAMPLES.rglob("*.md")),
    ]
    docs = []
    for path in files:
        digest = parse_digest(decode(path.read_bytes()), str(path), None)
        for number, paper in enumerate(digest.papers):
            docs.append(entry_doc(paper, f"{path}#{number}", paper.id))
    for number, text in enumerate(TEXTS):
        docs.append({"kind": "entry", "key": f"text#{number}", "title": text, "body": text * 3})
    return docs


def _stock_schema() -> Schema:
    """The schema with Whoosh's own text fields in place of ``KoreanText``."""
    fields = {}
    for name, field in schema().items():
        if isinstance(field, KoreanText):
            analyzer = text_analyzer(field.pairs, field.compounds)
            field = TEXT(analyzer=analyzer, spelling=field.spelling)
        if not name.startswith("spell_"):
            fields[name] = field
    return Schema(**fields)


def _contents(ix: Any) -> tuple[Any, ...]:
    """Everything a reader can see: terms with their statistics and postings, stored
    fields, field lengths and columns."""
    reader = ix.reader()
    terms = {}
    for fieldname, text in reader.all_terms():
        info = reader.term_info(fieldname, text)
        stats = (
            info.weight(),
            info.doc_frequency(),
            info.min_length(),
            info.max_length(),
            info.max_weight(),
            info.min_id(),
            info.max_id(),
        )
        postings = []
        matcher = reader.postings(fieldname, text)
        while matcher.is_active():
            value = matcher.value()  # a merge reads every posting's value, spelling ones too
            if fieldname.startswith("spell_"):  # Whoosh leaves an arbitrary value there
                value = len(value)
            postings.append((matcher.id(), matcher.weight(), value))
            matcher.next()
        terms[(fieldname, text)] = (stats, postings)
    docs = range(reader.doc_count_all())
    texts = ("title", "authors", "body", "category", "fields")
    lengths = {f: [reader.doc_field_length(d, f) for d in docs] for f in texts}
    columns = {f: list(reader.column_reader(f)) for f in ("paper_id", "date", "votes")}
    deleted = sorted(d for d in docs if reader.is_deleted(d))
    return terms, list(reader.iter_docs()), lengths, columns, deleted


def _build(
    path: Path, schema: Schema, batches: list[list[dict[str, Any]]], ours: bool, merge: bool = False
) -> Any:
    """One commit per batch, each deleting the first entry of the batch before; with
    ``merge``, the last commit merges every segment into one."""
    path.mkdir()
    ix = whoosh_index.create_in(str(path), schema, indexname="papers")
    for number, batch in enumerate(batches):
        if ours:
            writer = TermWriter(ix, 1, _lk=False)
            writer.pool.limit = 20_000  # many runs to merge
        else:
            writer = ix.writer(_lk=False)
        if number:
            writer.delete_by_term("key", batches[number - 1][0]["key"])
        for doc in batch:
            writer.add_document(**doc)
        if ours:
            assert writer.pool.runs
        writer.commit(optimize=merge and number == len(batches) - 1)
    return ix


OPTIONS = pytest.mark.parametrize(
    ("pairs", "compounds"),
    [(False, False), (True, False), (False, True), (True, True)],
    ids=["words", "pairs", "compounds", "both"],
)


@OPTIONS
@pytest.mark.parametrize("text", TEXTS)
def test_index_terms_are_the_analyzers(text: str, pairs: bool, compounds: bool) -> None:
    ours = KoreanText(pairs=pairs, compounds=compounds).index(text)
    theirs = list(TEXT(analyzer=text_analyzer(pairs, compounds)).index(text))
    assert sorted(ours) == sorted(theirs)
    assert index_terms(text, pairs, compounds)[1] == sum(n for _, n, _, _ in theirs)


@OPTIONS
def test_index_terms_of_every_sample_field(pairs: bool, compounds: bool) -> None:
    ours = KoreanText(pairs=pairs, compounds=compounds)
    theirs = TEXT(analyzer=text_analyzer(pairs, compounds))
    for doc in _docs():
        for name in ("title", "authors", "body", "category", "fields"):
            if doc.get(name):
                assert sorted(ours.index(doc[name])) == sorted(theirs.index(doc[name]))


@pytest.mark.parametrize("korean", [True, False], ids=["KoreanText", "TEXT"])
def test_writer_writes_what_whoosh_writes(tmp_path: Path, korean: bool) -> None:
    """With ``KoreanText`` fields, or with the ``TEXT`` fields of an index written
    before them."""
    docs = _docs()
    batches = [docs]
    chosen = schema() if korean else _stock_schema()
    ours = _build(tmp_path / "ours", chosen, batches, ours=True)
    theirs = _build(tmp_path / "theirs", _stock_schema(), batches, ours=False)
    assert _contents(ours) == _contents(theirs)


@pytest.mark.parametrize("merge", [False, True])
def test_later_commits_are_whooshs_too(tmp_path: Path, merge: bool) -> None:
    """A merge reads the older segments' postings back through ``add_reader``."""
    docs = _docs()
    third = len(docs) // 3
    batches = [docs[:third], docs[third : 2 * third], docs[2 * third :]]
    ours = _build(tmp_path / "ours", schema(), batches, ours=True, merge=merge)
    theirs = _build(tmp_path / "theirs", _stock_schema(), batches, ours=False, merge=merge)
    assert len(ours._segments()) == len(theirs._segments()) == (1 if merge else 3)
    assert _contents(ours) == _contents(theirs)


def test_a_cancelled_writer_leaves_the_index_and_no_runs(tmp_path: Path) -> None:
    """The new segment's files stay behind, as with Whoosh's writer (the next commit
    clears them); the spilled runs go with the writer's temporary folder."""
    path = tmp_path / "ix"
    ix = _build(path, schema(), [_docs()[:10]], ours=True)
    writer = TermWriter(ix, 1, _lk=False)
    writer.pool.limit = 20_000
    for doc in _docs()[10:]:
        writer.add_document(**doc)
    assert writer.pool.runs
    writer.cancel()
    assert not [p for p in path.rglob("*") if p.suffix in (".run", ".tmp")]
    assert ix.doc_count() == 10

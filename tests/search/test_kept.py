"""``papercli.engine.kept``: what a searcher's commit answers is made once per searcher,
a new searcher (a newer commit) starts afresh, and nothing kept holds a searcher alive."""

from __future__ import annotations

import gc
import weakref

import pytest

from papercli.archive import Archive
from papercli.engine.documents import Reports
from papercli.engine.kept import kept
from papercli.engine.lexicon import Lexicon
from papercli.engine.reader import EngineReader
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> EngineReader:
    folder = tmp_path_factory.mktemp("kept") / "index"
    Archive(folder).index([EXAMPLES])
    return EngineReader(folder)


@pytest.mark.parametrize("make", [Lexicon, Reports])
def test_made_once_per_searcher_and_afresh_for_another(reader: EngineReader, make) -> None:
    with reader.folder.searcher() as first, reader.folder.searcher() as second:
        assert kept(first, make) is kept(first, make)
        assert kept(second, make) is not kept(first, make)


@pytest.mark.parametrize("make", [Lexicon, Reports])
def test_a_closed_searcher_is_let_go_with_what_was_kept(reader: EngineReader, make) -> None:
    with reader.folder.searcher() as searcher:
        kept(searcher, make)
        gone = weakref.ref(searcher)
    del searcher
    gc.collect()
    assert gone() is None


def test_a_reports_entries_are_its_papers_not_itself(reader: EngineReader) -> None:
    with reader.folder.searcher() as searcher:
        reports = kept(searcher, Reports)
        assert reports.docs
        for doc in reports.docs:
            entries = reports.entries(doc)
            report_id = searcher.stored_fields(doc)["report_id"]
            assert entries
            assert {searcher.stored_fields(e)["report_id"] for e in entries} == {report_id}
            assert not set(entries) & reports.docs

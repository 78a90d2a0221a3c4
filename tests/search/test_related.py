"""``related``'s coordination (``papercli.engine.related.coordinated``): a paper holding
more of the key terms keeps more of its score than one sharing a single word."""

from __future__ import annotations

from pathlib import Path

from whoosh import query as Q

from papercli.archive import Archive
from papercli.engine.folder import IndexFolder
from papercli.engine.related import coordinated
from papercli.engine.scoring import matches

DIGEST = """## Daily Papers (2025-06-01)

### [Quartz Lattices](https://arxiv.org/abs/2506.40001)

- 석영 격자를 다룹니다.

### [Quartz Lattices under Pressure](https://arxiv.org/abs/2506.40002)

- 석영 격자와 압력을 다룹니다.
"""


def test_each_score_is_scaled_by_the_share_of_terms_held(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "one.md").write_text(DIGEST, encoding="utf-8")
    Archive(tmp_path / "index").index([tmp_path / "d"])
    with IndexFolder(tmp_path / "index").searcher() as searcher:
        query = Q.Or([Q.Term(f, t) for t in ("quartz", "pressur") for f in ("title", "body")])
        found = matches(searcher, query)
        scaled = coordinated(searcher, query, found)
        by_id = {searcher.stored_fields(doc)["paper_id"]: doc for doc in found}
        one, both = by_id["2506.40001"], by_id["2506.40002"]
        assert scaled[one] == found[one] / 2  # quartz alone: half the terms
        assert scaled[both] == found[both]  # quartz and pressure: all of them

"""Synthetic digest archives for benchmarks: all three styles, deterministic for a seed.

The text is made from word lists and sentence templates written for this
file; its structure follows the real digests (headers, media lines, vote and
author lines, labelled bullets, category reports with sources, ``## 제목:``
blocks) with the drift real archives show over the years, so the parsers and
the index do the same work they do on a reader's archive. Sizes per entry are
close to the real ones (about 1.5-2.5 KB of mostly Korean UTF-8).

Usage: ``python bench/generate.py --size 10k --out bench/data/10k``.
Files are written one at a time; nothing but a small pool of recent papers
(for papers that reappear in later digests) is held in memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

META = "bench-meta.json"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "300k": 300_000}
START = dt.date(2021, 1, 4)
SHARES = {"daily_papers": 0.8, "category_insights": 0.1, "simple_summary": 0.1}

# Word lists in frequency order (Zipf weights by rank): the benchmark's query
# words sit where they match roughly a tenth of the entries, as in real digests.
EN_TERMS = """
model models language large learning transformer attention reasoning agent agents
vision multimodal retrieval generation video image text benchmark evaluation dataset training
inference efficient scaling reinforcement policy reward alignment preference instruction tuning
fine-tuning pretraining distillation quantization pruning sparse mixture experts token tokens
context diffusion long memory cache decoding sampling speculative latent representation embedding
encoder
decoder graph neural network convolutional recurrent state space segmentation detection tracking
depth 3d scene rendering gaussian splatting radiance field point cloud robot manipulation
navigation planning control simulation world code program synthesis math theorem proof chain
thought prompting in-context few-shot zero-shot hallucination factuality safety jailbreak
robustness adversarial privacy federated continual lifelong meta curriculum self-supervised
contrastive masked autoencoder tokenizer vocabulary multilingual translation speech audio music
voice recognition synthesis captioning grounding visual question answering document table chart
knowledge editing unlearning watermark detection medical clinical protein molecule chemistry
physics weather forecasting time series anomaly recommendation search ranking query reranker
compression efficiency throughput latency hardware accelerator kernel gpu parallel distributed
optimizer gradient loss objective regularization calibration uncertainty bayesian causal
interpretability probing circuits features steering activation neurons layers heads scaling-law
emergent capability generalization transfer domain adaptation synthetic data augmentation
filtering curation annotation human feedback judge critique verifier search tree monte-carlo
""".split()

KO_NOUNS = """
모델 학습 데이터 성능 방법 연구 언어 이미지 생성 추론 평가 벤치마크 효율 메모리
정확도 구조 네트워크 표현 과제 기법 문제 접근법 프레임워크 알고리즘 아키텍처 매개변수 파라미터
토큰 문맥 주의 메커니즘 인코더 디코더 임베딩 특징 신호 손실 함수 최적화 정책 보상 에이전트
환경 시뮬레이션 로봇 비디오 오디오 음성 음악 텍스트 문서 코드 수학 증명 질문 답변 검색 순위
추천 지식 그래프 분자 단백질 의료 진단 안전성 정렬 선호 피드백 지시 미세조정 사전학습 증류 양자화
가지치기 희소성 전문가 혼합 압축 지연 처리량 하드웨어 가속기 병렬 분산 확장성 일반화 전이
적응 도메인 합성 증강 필터링 주석 판단 검증 탐색 계획 제어 분할 탐지 추적 깊이 장면 렌더링
가우시안 포인트 클라우드 번역 다국어 요약 환각 사실성 견고성 적대적 공격 방어 개인정보 연합
강화학습 지속학습 메타학습 대조학습 자기지도학습 오토인코더 해석 가능성 회로 뉴런 레이어 헤드 활성화
능력 한계 비용 자원 규모 품질 다양성 일관성 정밀도 재현율 실험 결과 분석 사례 응용 산업 확산
""".split()

PARTICLES = ["은", "는", "이", "가", "을", "를", "의", "에서", "으로", "와", "과", "에", "도", ""]
SUBJECTS = ["이 논문은", "본 연구에서는", "이번 연구는", "저자들은", "연구진은", "이 방법은"]
VERBS = [
    "제안합니다",
    "소개합니다",
    "보여줍니다",
    "달성했습니다",
    "향상시킵니다",
    "개선합니다",
    "줄였습니다",
    "분석합니다",
    "입증했습니다",
    "결합합니다",
    "확장합니다",
    "평가했습니다",
    "설계하였습니다",
    "도입했습니다",
    "해결합니다",
]
ADVERBS = ["크게", "효과적으로", "체계적으로", "동시에", "안정적으로", "처음으로", "일관되게", ""]
LINKS = ["또한", "특히", "이를 통해", "그 결과", "나아가", "반면", "이와 함께", "실험에서"]
CATEGORIES = [
    ("🚀", "LLM"),
    ("🎠", "Computer Vision"),
    ("🌿", "Multimodal"),
    ("🌞", "Reinforcement Learning"),
    ("🐱", "Security"),
    ("🎉", "Model training technique"),
    ("🐱", "Inference acceleration"),
    ("💚", "Machine Learning"),
    ("👽", "Audio"),
    ("🌞", "Optimization"),
    ("🧪", "Science"),
    ("🤖", "Robotics"),
]
FIRST = """
Wei Jun Min Yi Hao Lei Xin Yu Jia Chen Daniel Maria Anna David Sarah Michael Laura Ahmed Omar
Priya Arjun Rahul Sofia Lucas Emma Noah Olivia Hyun Jisoo Minji Seojun Taeyang Kenji Yuki Haruto
Elena Ivan Dmitri Fatima Leila Carlos Diego Ana Pedro Tom Kate Chris Alex Sam Jordan Rinon Yoav
""".split()
LAST = """
Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao Kim Lee Park
Choi Jung Kang Cho Yoon Jang Lim Tanaka Suzuki Sato Smith Johnson Brown Garcia Miller Davis
Martinez Lopez Wilson Anderson Thomas Moore Jackson Martin Singh Kumar Sharma Patel Gupta Ivanov
Petrov Rossi Bianchi Muller Schmidt Fischer Dubois Laurent Silva Santos Costa Cohen Levi Nguyen
""".split()
SYLLABLES = (
    "ra ko mi zen tal vor qui lum nex sol dra fin gal hel ix orb pax tur vel wyn zor".split()
)


@dataclass(frozen=True)
class Ref:
    """A paper that may show up again in a later digest."""

    arxiv_id: str
    title: str


class Writer:
    """Deterministic text for one archive; every call draws from one seeded RNG."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counter: dict[str, int] = {}
        self.recent: deque[Ref] = deque(maxlen=2000)
        self.in_file: set[str] = set()
        self.en_weights = _zipf(len(EN_TERMS))
        self.ko_weights = _zipf(len(KO_NOUNS))

    # -- words and sentences ----------------------------------------------

    def en(self, k: int = 1) -> list[str]:
        return self.rng.choices(EN_TERMS, self.en_weights, k=k)

    def ko(self, k: int = 1) -> list[str]:
        return self.rng.choices(KO_NOUNS, self.ko_weights, k=k)

    def name(self) -> str:
        r = self.rng
        word = "".join(r.choice(SYLLABLES) for _ in range(r.randint(2, 3))).capitalize()
        suffix = r.choice(["", "", "-LM", f"-{r.randint(1, 70)}B", "Net", "-VL", "GPT", "Bench"])
        return word + suffix

    def phrase(self) -> str:
        r = self.rng
        nouns = self.ko(r.randint(1, 3))
        text = " ".join(nouns) + r.choice(PARTICLES)
        if r.random() < 0.35:
            text = f"{' '.join(nouns)}({' '.join(self.en(r.randint(1, 3)))}){r.choice(PARTICLES)}"
        return text

    def sentence(self) -> str:
        r = self.rng
        parts = [r.choice(SUBJECTS) if r.random() < 0.4 else r.choice(LINKS)]
        parts += [self.phrase() for _ in range(r.randint(2, 5))]
        if r.random() < 0.3:
            parts.append(f"{self.name()}{r.choice(PARTICLES)}")
        if r.random() < 0.25:
            parts.append(f"{r.randint(1, 99)}.{r.randint(0, 9)}%의")
        parts += [r.choice(ADVERBS), r.choice(VERBS)]
        return " ".join(p for p in parts if p) + "."

    def paragraph(self, low: int, high: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def title(self) -> str:
        r = self.rng
        head = " ".join(w.capitalize() for w in self.en(r.randint(2, 4)))
        tail = " ".join(self.en(r.randint(2, 4)))
        form = r.random()
        if form < 0.4:
            return f"{self.name()}: {head} for {tail}"
        if form < 0.7:
            return f"{head} via {tail.title()}"
        if form < 0.85:
            return f"Towards {head} with {tail} ({self.name()})"
        return f"{head}: {tail} in $O(n \\log n)$ [{self.name()}]"

    def authors(self) -> list[str]:
        r = self.rng
        return [f"{r.choice(FIRST)} {r.choice(LAST)}" for _ in range(r.randint(2, 14))]

    # -- papers -------------------------------------------------------------

    def paper(self, day: dt.date, reuse: float = 0.0) -> Ref:
        """A new paper of that month, or (with probability ``reuse``) a recent one."""
        if self.recent and self.rng.random() < reuse:
            ref = self.rng.choice(self.recent)
            if ref.arxiv_id not in self.in_file:
                self.in_file.add(ref.arxiv_id)
                return ref
        month = f"{day.year % 100:02d}{day.month:02d}"
        self.counter[month] = self.counter.get(month, 0) + 1
        ref = Ref(f"{month}.{self.counter[month]:05d}", self.title())
        self.recent.append(ref)
        self.in_file.add(ref.arxiv_id)
        return ref

    # -- the three styles ---------------------------------------------------

    def daily(self, day: dt.date, count: int) -> str:
        r = self.rng
        modern = r.random() > 0.2
        out = [f"## Daily Papers ({day.isoformat()})", ""]
        for number in range(count):
            ref = self.paper(day)
            out += [f"### [{ref.title}](https://arxiv.org/abs/{ref.arxiv_id})", ""]
            if modern or r.random() < 0.5:
                thumb = f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{ref.arxiv_id}.png"
                out += [f"![]({thumb})", ""]
            if r.random() < 0.08:
                video = f"https://cdn-uploads.huggingface.co/production/uploads/{r.getrandbits(48):012x}/{ref.arxiv_id}.mp4"
                out += [
                    f"[Watch Video]({video})",
                    f'<div><video controls src="{video}" muted="false"></video></div>',
                    "",
                ]
            if modern or r.random() < 0.7:
                votes = (
                    "-" if r.random() < 0.02 else str(int(r.paretovariate(1.3)) + r.randint(0, 5))
                )
                out += [f"Vote: {votes}", "", f"Authors: {', '.join(self.authors())}", ""]
            if modern:
                star = "***" if r.random() < 0.05 else "**"
                out += [
                    f"- {star}What's New{star}: {self.paragraph(2, 4)}",
                    f"- {star}Technical Details{star}: {self.paragraph(3, 5)}",
                    f"- {star}Performance Highlights{star}: {self.paragraph(2, 3)}",
                ]
            else:
                out += [f"- {self.paragraph(1, 2)}" for _ in range(r.randint(1, 7))]
            if number < count - 1 and r.random() > 0.03:
                out.append("")
        return "\n".join(out) + "\n"

    def insights(self, day: dt.date, count: int) -> str:
        r = self.rng
        out = [
            "# Daily Artificial Intelligence Insights : Papers"
            f"![Category Distribution Graph](paper_{day.isoformat()}.png)",
            "",
        ]
        cats = r.sample(CATEGORIES, k=min(len(CATEGORIES), max(1, (count + 1) // 2)))
        per = [count // len(cats) + (1 if i < count % len(cats) else 0) for i in range(len(cats))]
        for (emoji, name), n in zip(cats, per, strict=True):
            if n == 0:
                continue
            out += [f"## {emoji} {name}", "", "**요약:**", ""]
            out += [
                f"제목: '{' '.join(self.ko(3))}에 대한 {self.phrase()} 연구'",
                "",
                "요약 보고서:",
            ]
            out += [self.paragraph(5, 9), "", "주요 주제 및 경향:"]
            out += [f"{i}. {self.sentence()}" for i in range(1, r.randint(3, 4))]
            out += ["", "영향 분석:"] + [f"- {self.sentence()}" for _ in range(r.randint(2, 3))]
            out += ["", "최종 결론 및 미래 개발 방향:", self.paragraph(2, 3), "", "**출처:**", ""]
            for _ in range(n):
                ref = self.paper(day, reuse=0.2)
                if r.random() < 0.5:
                    slug = ref.title.lower().replace(" ", "-")
                    link = f"https://deeplearn.org/arxiv/{r.randint(400000, 999999)}/{slug}"
                else:
                    link = f"http://arxiv.org/abs/{ref.arxiv_id}v{r.randint(1, 3)}"
                out.append(f" - {ref.title} ({link})")
            out += ["", ""]
        return "\n".join(out)

    def simple(self, day: dt.date, count: int) -> str:
        r = self.rng
        out = ["## 논문의 간략한 분석 및 요약", ""] if r.random() < 0.5 else []
        for number in range(count):
            ref = self.paper(day, reuse=0.3)
            out += [
                f"![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{ref.arxiv_id}.png)",
                "",
            ]
            if r.random() < 0.6:
                out += ["## 제목:", f"**{ref.title}**", ""]
            else:
                out += [f"## 제목: {ref.title}", ""]
            out += [
                "**요약**:",
                self.paragraph(3, 5),
                "",
                "**쉬운설명**:",
                self.paragraph(2, 3),
                "",
            ]
            out += ["**관련분야**:", ", ".join(self.ko(r.randint(3, 5))), ""]
            out += ["**추천수**:", str(r.randint(0, 40)), ""]
            out += [
                f"**PDF 다운로드 링크**: [PDF 다운로드](https://arxiv.org/pdf/{ref.arxiv_id})",
                "",
            ]
            if number < count - 1:
                out += ["---", ""]
        return "\n".join(out)


def _zipf(n: int) -> list[float]:
    return [1.0 / (rank + 1) for rank in range(n)]


@dataclass(frozen=True)
class Plan:
    """One file to write: where, which style, which day, how many entries."""

    path: Path
    style: str
    day: dt.date
    count: int


def plan(total: int, writer: Writer) -> Iterator[Plan]:
    """Files that together hold ``total`` entries in the three styles' shares.

    A daily digest holds 15-60 entries, an insights file 6-16 sources, a
    summary file 3-8 papers; the largest archives put more in each file, so that
    every style spans the same few years (at most about six).
    """
    r = writer.rng
    left = {style: round(total * share) for style, share in SHARES.items()}
    left["daily_papers"] += total - sum(left.values())
    per_day = max(35, left["daily_papers"] // 2200)
    days = max(1, left["daily_papers"] // per_day)
    insights = max(1.0, left["category_insights"] / days / (0.6 * 11))
    simple = max(1.0, left["simple_summary"] / days / (0.8 * 5.5))
    day = START
    while any(left.values()):
        if left["daily_papers"]:
            n = min(left["daily_papers"], r.randint(per_day // 2, per_day * 3 // 2))
            left["daily_papers"] -= n
            yield Plan(
                Path("daily", str(day.year), f"{day.isoformat()}.md"), "daily_papers", day, n
            )
        if left["category_insights"] and r.random() < 0.6:
            n = min(left["category_insights"], round(r.randint(6, 16) * insights))
            left["category_insights"] -= n
            path = Path("insights", "paper_logs", str(day.year), f"{day:%m}", f"{day:%d}.md")
            yield Plan(path, "category_insights", day, n)
        if left["simple_summary"] and r.random() < 0.8:
            n = min(left["simple_summary"], round(r.randint(3, 8) * simple))
            left["simple_summary"] -= n
            stamp = f"{day.isoformat()}-{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00"
            yield Plan(Path("simple", str(day.year), f"{stamp}.md"), "simple_summary", day, n)
        day += dt.timedelta(days=1)


def render(writer: Writer, item: Plan) -> str:
    writer.in_file.clear()
    if item.style == "daily_papers":
        return writer.daily(item.day, item.count)
    if item.style == "category_insights":
        return writer.insights(item.day, item.count)
    return writer.simple(item.day, item.count)


@dataclass(frozen=True)
class Summary:
    files: int
    entries: int
    bytes: int
    first: dt.date
    last: dt.date


def generate(out: Path, size: int, seed: int = 1) -> Summary:
    """Write an archive of ``size`` entries under ``out``; same seed, same bytes.

    ``bench-meta.json`` beside the digests records what was made, so that
    ``bench/run.py`` reuses the archive instead of writing it again.
    """
    writer = Writer(seed)
    files = entries = written = 0
    first = last = START
    for item in plan(size, writer):
        text = render(writer, item).encode("utf-8")
        target = out / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text)
        files += 1
        entries += item.count
        written += len(text)
        last = max(last, item.day)
    summary = Summary(files, entries, written, first, last)
    meta = {"size": size, "seed": seed, **asdict(summary)}
    meta.update(first=first.isoformat(), last=last.isoformat())
    (out / META).write_text(json.dumps(meta), encoding="utf-8")
    return summary


def new_daily(out: Path, day: dt.date, count: int = 40, seed: int = 2) -> Path:
    """One more daily digest (the reader's next morning), for incremental runs."""
    writer = Writer(seed)
    writer.counter[f"{day.year % 100:02d}{day.month:02d}"] = 90000
    target = out / "daily" / str(day.year) / f"{day.isoformat()}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(writer.daily(day, count), encoding="utf-8")
    return target


def parse_size(text: str) -> int:
    if text in SIZES:
        return SIZES[text]
    return int(text.lower().replace("k", "000"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1k", help="1k, 10k, 100k, 300k or a number")
    parser.add_argument("--out", type=Path, help="folder (default bench/data/SIZE)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = args.out or Path(__file__).parent / "data" / args.size
    summary = generate(out, parse_size(args.size), args.seed)
    print(
        f"{out}: {summary.files} files, {summary.entries} entries, "
        f"{summary.bytes / 1e6:.1f} MB, {summary.first} to {summary.last}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

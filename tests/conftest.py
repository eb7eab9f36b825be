"""Small hand-written pages shared by the stage tests (invented text, not from any sample)."""

from __future__ import annotations

import pytest

LIBRARY = {
    "title": "市图书馆推出夜间阅读服务",
    "paragraphs": [
        "本报讯 近日，市图书馆正式推出夜间阅读服务，每周五和周六开放至晚上十点，吸引了大批读者前来借阅。",
        "据介绍，夜间阅读区设有自习座位三百个，并配备了充足的照明和无线网络。馆方还安排了志愿者为读者提供图书检索和咨询服务。",
        "不少年轻读者表示，下班后能有一个安静的地方读书学习，是一件很幸福的事情。图书馆负责人说，下一步将根据读者反馈继续优化服务时间。",
    ],
    "byline": "王晓明",
}
RIVER = {
    "title": "清河治理工程全面完工",
    "paragraphs": [
        "本报讯 经过两年的建设，清河综合治理工程日前全面完工，河道水质明显改善，沿岸绿道也向市民开放。",
        "工程共清理淤泥十二万立方米，新建污水管网八公里，改造排水口四十余处。治理后的河段成为附近居民散步健身的好去处。",
        "有关部门表示，将建立河道长效管护机制，定期开展水质监测，确保治理成效持续巩固。",
    ],
    "byline": "李红 张伟",
}


def page(*blocks: str) -> str:
    """Blocks separated by blank lines, as the OCR pages arrive."""
    return "\n\n".join(blocks) + "\n"


def article_blocks(article: dict, byline: bool = True) -> list[str]:
    return [article["title"], *article["paragraphs"], *([article["byline"]] if byline else [])]


@pytest.fixture
def two_articles() -> str:
    return page(*article_blocks(LIBRARY), *article_blocks(RIVER))


# --- every manifest the suite writes is checked against the published JSON Schema ---------

def _invalid_manifests(folder) -> list[str]:
    """What is wrong with each manifest.json under `folder`, by the package's schema."""
    import json
    from pathlib import Path

    from jsonschema import Draft202012Validator

    from cleaner.schema import manifest_schema

    validator = Draft202012Validator(manifest_schema())
    problems = []
    for path in sorted(Path(folder).rglob("manifest.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: not JSON ({exc})")
            continue
        for error in validator.iter_errors(record):
            where = "/".join(map(str, error.absolute_path))
            problems.append(f"{path}: {where}: {error.message}")
    return problems


@pytest.fixture(autouse=True)
def _manifests_follow_the_schema(request):
    """After each test that used a temporary folder: its manifests validate."""
    yield
    folder = request.node.funcargs.get("tmp_path")
    if folder is not None:
        problems = _invalid_manifests(folder)
        assert not problems, "manifests off the schema:\n" + "\n".join(problems[:10])

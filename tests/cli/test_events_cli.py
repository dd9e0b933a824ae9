"""`marsad events`, run as a user runs it: real-looking JSONL news in, the contract's
objects out, key by key; the filters; CSV with ACLED's columns; GeoJSON; `show --json`."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

MARSAD = shutil.which("marsad", path=str(Path(sys.executable).parent)) or "marsad"
ARTICLES = [
    {
        "id": "enab-1",
        "url": "https://enab.example/2020/04/10/strikes",
        "site": "عنب بلدي",
        "title": "قتلى بغارات روسية على كفرنبل",
        "published": "2020-04-10",
        "text": "قتل ثلاثة مدنيين وأصيب خمسة آخرون جراء غارات جوية شنتها طائرات حربية "
        "روسية على بلدة كفرنبل في ريف إدلب الجنوبي أمس الخميس، بحسب المرصد السوري لحقوق "
        "الإنسان.\n\nوتتعرض المنطقة لقصف متواصل منذ بداية الشهر.",
    },
    {
        "id": "smart-7",
        "url": "https://smart.example/news/7",
        "site": "سمارت",
        "title": "خمسة قتلى بقصف جوي على كفرنبل",
        "published": "2020-04-09",
        "text": "قتل خمسة مدنيين في غارات جوية استهدفت بلدة كفرنبل جنوبي إدلب اليوم الخميس.",
    },
    {
        "id": "sharq-3",
        "url": "https://sharq.example/3",
        "site": "الشرق",
        "title": "اعتقالات في درعا",
        "published": "2020-04-12",
        "text": "شنت قوات النظام حملة اعتقالات في مدينة درعا طالت 12 شابا، بحسب ناشطين.",
    },
    {
        "id": "sport-1",
        "url": "https://sport.example/1",
        "site": "الرياضية",
        "title": "فوز برشلونة",
        "published": "2020-04-11",
        "text": "سجل اللاعب هدفا بعد هجوم مرتد في مباراة الدوري أمس.",
    },
]
EVENT_KEYS = [
    "id",
    "type",
    "sub_type",
    "date",
    "place",
    "country",
    "lat",
    "lon",
    "actor1",
    "actor2",
    "fatalities",
    "injured",
    "displaced",
    "arrested",
    "mentions",
]
MENTION_KEYS = [
    "article",
    "external_id",
    "trigger",
    "start",
    "end",
    "type",
    "sub_type",
    "date",
    "place",
    "fatalities",
    "injured",
    "displaced",
    "arrested",
]


def marsad(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MARSAD, *args], capture_output=True, check=False, timeout=300, text=True)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("events")
    source = folder / "news.jsonl"
    source.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8"
    )
    path = str(folder / "marsad.db")
    result = marsad("ingest", "--db", path, str(source))
    assert result.returncode == 0, result.stderr
    return path


def events_json(db: str, *options: str) -> list[dict[str, Any]]:
    result = marsad("events", "--db", db, "--json", *options)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_json_objects_follow_the_contract_key_by_key(db: str) -> None:
    found = events_json(db)
    assert len(found) == 2  # one strike told by two outlets, one arrest; football is none
    for event in found:
        assert list(event) == EVENT_KEYS
        assert isinstance(event["id"], int)
        for name in ("fatalities", "injured", "displaced", "arrested"):
            assert event[name] is None or isinstance(event[name], int)
        for mention in event["mentions"]:
            assert list(mention) == MENTION_KEYS
    strike, arrests = sorted(found, key=lambda event: event["type"])
    assert (arrests["sub_type"], arrests["place"], arrests["arrested"]) == ("arrests", "درعا", 12)
    assert strike["type"] == "explosions_remote_violence"
    assert strike["sub_type"] == "air_drone_strike"
    assert (strike["place"], strike["country"], strike["date"]) == ("كفرنبل", "SY", "2020-04-09")
    assert {m["external_id"] for m in strike["mentions"]} == {"enab-1", "smart-7"}
    assert sorted(m["fatalities"] for m in strike["mentions"]) == [3, 5]
    assert strike["fatalities"] in (3, 5)


def test_mention_offsets_point_into_the_stored_text(db: str) -> None:
    for event in events_json(db):
        for mention in event["mentions"]:
            shown = marsad("show", "--db", db, str(mention["article"]), "--json")
            article = json.loads(shown.stdout)
            assert article["text"][mention["start"] : mention["end"]] == mention["trigger"]
            [span] = [s for s in article["events"] if s["start"] == mention["start"]]
            assert span["event"] == event["id"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--from", "2020-04-11"), ["arrests"]),
        (("--to", "2020-04-10"), ["air_drone_strike"]),
        (("--type", "strategic_developments"), ["arrests"]),
        (("--type", "air_drone_strike"), ["air_drone_strike"]),
        (("--place", "درعا"), ["arrests"]),
        (("--place", "ادلب"), ["air_drone_strike"]),  # the area the village is named in
        (("--place", "سورية"), ["arrests", "air_drone_strike"]),
        (("--place", "العراق"), []),
    ],
)
def test_filters(db: str, options: tuple[str, ...], expected: list[str]) -> None:
    assert [event["sub_type"] for event in events_json(db, *options)] == expected


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (("--from", "10-04-2020"), ["--from"]),
        (("--type", "bombing"), ["--type"]),
        (("--format", "xml"), ["--format"]),
    ],
)
def test_bad_options_end_with_one_line(db: str, options: tuple[str, ...], words: list[str]) -> None:
    result = marsad("events", "--db", db, *options)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert all(word in lines[0] for word in words)


def test_csv_has_acled_columns(db: str) -> None:
    result = marsad("events", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:14] == [
        "event_id_cnty",
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "source",
        "notes",
        "fatalities",
    ]
    strike = next(row for row in rows if row["sub_event_type"] == "Air/drone strike")
    assert strike["event_type"] == "Explosions/Remote violence"
    assert strike["location"] == "كفرنبل"
    assert set(strike["source"].split("; ")) == {"عنب بلدي", "سمارت"}


def test_geojson_is_a_feature_collection(db: str) -> None:
    result = marsad("events", "--db", db, "--format", "geojson")
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    points = [f["geometry"]["coordinates"] for f in collection["features"]]
    assert all(len(point) == 2 and 30 < point[1] < 40 for point in points)  # [lon, lat]
    assert {f["properties"]["sub_type"] for f in collection["features"]} == {
        "arrests",
        "air_drone_strike",
    }


def test_the_table_is_readable_arabic(db: str) -> None:
    result = marsad("events", "--db", db)
    assert result.returncode == 0
    assert "كفرنبل" in result.stdout
    assert "غارة جوية" in result.stdout
    assert "قتلى بحسب 2" in result.stdout

"""Places under stress: a missing or broken regional table, odd and long texts."""

from __future__ import annotations

import gzip
import pickle
import shutil
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.resources import resource_path
from marsad.steps.places import PlaceMatcher
from marsad.steps.places_regional import GazetteerError, RegionalGazetteer


def _copy_resources(tmp_path: Path) -> Path:
    folder = tmp_path / "places"
    shutil.copytree(resource_path("places"), folder)
    return folder


def test_a_missing_regional_table_is_a_coded_error(tmp_path: Path) -> None:
    folder = _copy_resources(tmp_path)
    (folder / "mena.json.gz").unlink()
    with pytest.raises(GazetteerError) as raised:
        PlaceMatcher.load(folder)
    assert isinstance(raised.value, MarsadError)
    assert raised.value.code == "places-gazetteer"
    assert PlaceMatcher.load(folder, regional=False).find("في بغداد")  # towns still load


def test_a_truncated_regional_table_is_a_coded_error(tmp_path: Path) -> None:
    folder = _copy_resources(tmp_path)
    data = (folder / "mena.json.gz").read_bytes()
    (folder / "mena.json.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(GazetteerError):
        RegionalGazetteer.load(folder)
    (folder / "mena.json.gz").write_bytes(gzip.compress(b'{"columns": {}}'))
    with pytest.raises(GazetteerError):
        RegionalGazetteer.load(folder)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "حي",
        "ريف",
        "مخيم مخيم مخيم",
        "في ريف ريف ريف الشرقي الغربي",
        "حي حي حي في في",
        "بريف\u200fإدلب\u200e الجنوبي،،، و و و مخيم\n\nالهول",
        "ـــ" * 50,
    ],
)
def test_odd_texts_give_spans_inside_the_text(text: str) -> None:
    for place in PlaceMatcher.load().find(text):
        assert text[place.start : place.end] == place.text
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


def test_a_long_conflict_text_keeps_every_offset() -> None:
    sentence = "قصف على قرية كفر جنة في ريف عفرين وحي الشعار في حلب ومخيم الهول. "
    text = sentence * 400
    places = PlaceMatcher.load().find(text)
    assert len(places) >= 5 * 400
    for place in places:
        assert text[place.start : place.end] == place.text


def test_a_matcher_received_by_a_worker_reads_the_same() -> None:
    matcher = PlaceMatcher.load()
    text = "نزحوا من الباغوز بريف دير الزور الشرقي إلى مخيم الهول"
    copy = pickle.loads(pickle.dumps(matcher))
    assert copy.find(text) == matcher.find(text)

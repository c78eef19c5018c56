"""Build hand-typed-style proposals for testing kkinvest (an outside tester's script, kept as
written: `python make_outside.py` writes D01-D21 into ./outside)."""

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn

OUT = Path(__file__).parent / "outside"  # D04, D10, D18, D20, D21 are TY24, TY26, TY27, TY23, TY25
OUT.mkdir(exist_ok=True)

FORV = [
    "Økonomiforvaltningen",
    "Socialforvaltningen",
    "Kultur- og Fritidsforvaltningen",
    "Teknik- og Miljøforvaltningen",
    "Børne- og Ungdomsforvaltningen",
    "Beskæftigelses- og Integrationsforvaltningen",
    "Sundheds- og Omsorgsforvaltningen",
]

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def header(
    d,
    kind,
    budget,
    title,
    admin,
    affected,
    resume="Forslaget effektiviserer arbejdsgange.",
    admin_para=True,
):
    p = d.add_paragraph()
    r = p.add_run(kind)
    r.bold = True
    d.add_paragraph(budget)
    if title is not None:
        p = d.add_paragraph()
        r = p.add_run("Forslagets titel: ")
        r.bold = True
        p.add_run(title)
    p = d.add_paragraph()
    r = p.add_run("Kort resumé: ")
    r.bold = True
    p.add_run(resume)
    if admin_para:
        p = d.add_paragraph()
        r = p.add_run("Fremstillende forvaltning: ")
        r.bold = True
        if admin:
            p.add_run(admin)
    d.add_paragraph("Berørte forvaltninger:")
    t = d.add_table(rows=4, cols=4)
    for i, f in enumerate(FORV):
        row, col = i % 4, (i // 4) * 2
        t.cell(row, col).text = "☒" if f in affected else "☐"
        t.cell(row, col + 1).text = f


def fill(t, rows, bold_rows=()):
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is None:
                continue
            c = t.cell(i, j)
            c.text = ""
            run = c.paragraphs[0].add_run(v)
            if i in bold_rows or i == 0:
                run.bold = True


def table(d_or_cell, rows, bold_rows=()):
    ncols = max(len(r) for r in rows)
    rows = [list(r) + [""] * (ncols - len(r)) for r in rows]
    t = d_or_cell.add_table(rows=len(rows), cols=ncols)
    try:
        t.style = "Table Grid"
    except Exception:
        pass
    fill(t, rows, bold_rows)
    return t


def notes(d, lines):
    for l in lines:
        d.add_paragraph(l)


def body_text(d, n=2):
    d.add_paragraph("1. Baggrund og formål")
    d.add_paragraph("Forslaget bygger på erfaringer fra tidligere projekter i forvaltningen.")
    d.add_paragraph("2. Forslagets indhold")
    d.add_paragraph("Løsningen implementeres i etaper, og gevinsterne realiseres løbende.")


def set_cell_xml_paragraph(cell, inner_runs_xml):
    """Replace the cell's first paragraph content by raw run-level xml."""
    p = cell.paragraphs[0]._p
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)
    frag = parse_xml(f"<w:p {W}>{inner_runs_xml}</w:p>")
    for child in list(frag):
        p.append(child)


def merge(a, b, text):
    c = a.merge(b)
    for p in c.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    c.paragraphs[0].text = ""
    c.paragraphs[0].add_run(text)
    return c


# -------------------------------------------------------------------------------------------
# D01: BC01 figures, Tabel 1 in mio. kr. with decimals; "÷" minus; older "Tablet 1"-style typo
def d01():
    d = docx.Document()
    header(
        d,
        "TVÆRGÅENDE INVESTERINGSFORSLAG",
        "Budget 2023",
        "NY01 Belysningspakke 3 (LED i skoler)",
        "Økonomiforvaltningen",
        ["Økonomiforvaltningen", "Børne- og Ungdomsforvaltningen"],
    )
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["Mio. kr. 2023 p/l", "Styringsområde", "2023", "2024", "2025", "2026", "2027", "2028"],
        ["Varige ændringer", "", "", "", "", "", "", ""],
        [
            "Energibesparelser",
            "Service",
            "÷0,575",
            "÷1,898",
            "÷1,898",
            "÷1,898",
            "÷1,898",
            "÷1,898",
        ],
        [
            "Samlet varig ændring",
            "Service",
            "÷0,575",
            "÷1,898",
            "÷1,898",
            "÷1,898",
            "÷1,898",
            "÷1,898",
        ],
        ["Implementeringsomkostninger", "", "", "", "", "", "", ""],
        ["Anlægsinvestering", "Anlæg", "9,810", "", "", "", "", ""],
        ["Samlede implementeringsomkostninger", "", "9,810", "", "", "", "", ""],
        [
            "Samlet økonomisk påvirkning",
            "",
            "9,235",
            "÷1,898",
            "÷1,898",
            "÷1,898",
            "÷1,898",
            "÷1,898",
        ],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "6 år", "", "", "", "", "", ""],
        ["Tilbagebetalingstid baseret på totaløkonomi", "6 år", "", "", "", "", "", ""],
    ]
    table(d, rows, bold_rows=(3, 6, 7))
    notes(
        d,
        [
            "Noter til alle tabeller:",
            "Forslaget skal udarbejdes i 2023 p/l.",
            "Alle besparelser er angivet med negativt (÷) fortegn.",
        ],
    )
    body_text(d)
    d.save(OUT / "D01-mio-kr-minustegn.docx")


# D02: BC06 figures, Tabel 1 split in two tables with own captions and headers; the
# "indgår ikke" note in a text box
def d02():
    d = docx.Document()
    header(
        d,
        "INVESTERINGSFORSLAG",
        "BUDGET 2023",
        "NY02 Automatisering af administrative funktioner",
        "Beskæftigelses- og Integrationsforvaltningen",
        ["Beskæftigelses- og Integrationsforvaltningen"],
    )
    hdr = ["1.000 kr. 2023 p/l", "Styringsområde", "2023", "2024", "2025", "2026", "2027", "2028"]
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser – varige ændringer")
    table(
        d,
        [
            hdr,
            ["Varige ændringer", "", "", "", "", "", "", ""],
            [
                "Effektivisering",
                "Service",
                "-2.000",
                "-4.000",
                "-5.500",
                "-8.500",
                "-8.500",
                "-8.500",
            ],
            ["Licenser til UiPath", "Service", "800", "1.600", "3.100", "3.100", "3.100", "3.100"],
            [
                "Automatiseringssetup i BIF",
                "Service",
                "1.200",
                "2.400",
                "2.400",
                "2.400",
                "2.400",
                "2.400",
            ],
            ["Samlet varig ændring", "Service", "0", "0", "0", "-3.000", "-3.000", "-3.000"],
        ],
        bold_rows=(5,),
    )
    d.add_paragraph("")
    d.add_paragraph("Tabel 1 (fortsat) – implementeringsomkostninger")
    table(
        d,
        [
            hdr,
            ["Implementeringsomkostninger", "", "", "", "", "", "", ""],
            ["Midlertidig finansiering af licenser", "Service", "2.300", "1.500", "", "", "", ""],
            ["Udviklingsomkostninger", "Anlæg", "1.600", "1.600", "800", "", "", ""],
            ["Uddannelse", "Service", "400", "200", "", "", "", ""],
            ["Projektledelse", "Service", "300", "", "", "", "", ""],
            ["Grundinvestering i platform*", "Anlæg", "1.600", "1.000", "", "", "", ""],
            ["Samlede implementeringsomkostninger", "", "6.200", "4.300", "800", "", "", ""],
            [
                "Samlet økonomisk påvirkning",
                "",
                "6.200",
                "4.300",
                "800",
                "-3.000",
                "-3.000",
                "-3.000",
            ],
            ["Tilbagebetalingstid baseret på serviceeffektivisering", "6", "", "", "", "", "", ""],
            ["Tilbagebetalingstid baseret på totaløkonomi", "6", "", "", "", "", "", ""],
        ],
        bold_rows=(7, 8),
    )
    notes(
        d,
        [
            "Noter til alle tabeller:",
            "Forslaget skal udarbejdes i 2023 p/l.",
            "Alle besparelser er angivet med negativt (-) fortegn.",
        ],
    )
    # the * note typed in a text box (VML), as people do when the note is placed beside the table
    p = d.add_paragraph()
    tb = parse_xml(
        f'<w:r {W} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape id="tb1" style="width:300pt;height:30pt" type="#_x0000_t202">'
        "<v:textbox><w:txbxContent><w:p><w:r><w:t>*Grundinvestering i platform - indgår ikke i beregningen af "
        "tilbagebetalingstiden.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    p._p.append(tb)
    body_text(d)
    d.save(OUT / "D02-tabel1-delt-tekstboks.docx")


# D03: BC07 figures (2023-2027 in a 2022-2027 table), savings typed positive under an
# "Effektiviseringer" sub-heading, totals with en-dash minus
def d03():
    d = docx.Document()
    header(
        d,
        "INVESTERINGSFORSLAG",
        "BUDGET 2023",
        "NY03 Forenkle IT-systemporteføljen",
        "Børne- og Ungdomsforvaltningen",
        ["Børne- og Ungdomsforvaltningen"],
    )
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    D = "–"
    rows = [
        ["1.000 kr. 2023 p/l", "Styringsområde", "2022", "2023", "2024", "2025", "2026", "2027"],
        ["Varige ændringer", "", "", "", "", "", "", ""],
        ["Effektiviseringer", "", "", "", "", "", "", ""],
        [
            "Systemporteføljen og ny teknologi",
            "Service",
            "",
            "1.000",
            "2.000",
            "3.000",
            "3.500",
            "4.000",
        ],
        ["Omkostninger", "", "", "", "", "", "", ""],
        ["Drift og vedligehold af automatisering", "Service", "", "", "", "", "1.400", "1.400"],
        [
            "Samlet varig ændring",
            "",
            "",
            D + "1.000",
            D + "2.000",
            D + "3.000",
            D + "2.100",
            D + "2.600",
        ],
        ["Implementeringsomkostninger", "", "", "", "", "", "", ""],
        ["Konsolideringsenhed", "Service", "", "2.800", "2.800", "2.800", "", ""],
        ["Udgifter til Koncern IT mm.", "Service", "", "1.000", "1.000", "1.000", "", ""],
        ["Samlede implementeringsomkostninger", "", "", "3.800", "3.800", "3.800", "", ""],
        ["Samlet økonomisk påvirkning", "", "", "2.800", "1.800", "800", D + "2.100", D + "2.600"],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "6", "", "", "", "", "", ""],
        ["Tilbagebetalingstid baseret på totaløkonomi", "6", "", "", "", "", "", ""],
    ]
    table(d, rows, bold_rows=(2, 4, 6, 10, 11))
    notes(d, ["Noter til alle tabeller:", "Forslaget skal udarbejdes i 2023 p/l."])
    body_text(d)
    d.save(OUT / "D03-positive-effektiviseringer-tankestreg.docx")


# D04: BC08 figures; "t.kr." in cells, "2024*" year header, a superscript footnote mark on a
# figure, and no "Fremstillende forvaltning" paragraph at all
def d04():
    d = docx.Document()
    header(
        d,
        "INVESTERINGSFORSLAG",
        "BUDGET 2023",
        "NY04 Kvalitetssikring af institutionsbeskrivelser",
        None,
        ["Børne- og Ungdomsforvaltningen"],
        admin_para=False,
    )
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["1.000 kr. 2023 p/l", "Styringsområde", "2022", "2023", "2024*", "2025", "2026", "2027"],
        ["Varige ændringer", "", "", "", "", "", "", ""],
        [
            "Effektivisering i sparet tid på de 355 enheder",
            "service",
            "",
            "",
            "-533 t.kr.",
            "-533 t.kr.",
            "-533 t.kr.",
            "-533 t.kr.",
        ],
        [
            "Ansættelse af en HK-medarbejder i 20 timer om ugen",
            "service",
            "",
            "",
            "268 t.kr.",
            "268 t.kr.",
            "268 t.kr.",
            "268 t.kr.",
        ],
        ["Samlet varig ændring", "", "", "", "-265", "-265", "-265", "-265"],
        ["Implementeringsomkostninger", "", "", "", "", "", "", ""],
        [
            "Midlertidig opgradering af pladsanvisningens infoteam",
            "service",
            "",
            "673 t.kr.",
            "0",
            "0",
            "0",
            "0",
        ],
        ["Samlede implementeringsomkostninger", "", "", "673", "0", "0", "0", "0"],
        ["Samlet økonomisk påvirkning", "", "", "673", "-265", "-265", "-265", "-265"],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "4", "", "", "", "", "", ""],
        ["Tilbagebetalingstid baseret på totaløkonomi", "4", "", "", "", "", "", ""],
    ]
    t = table(d, rows, bold_rows=(4, 7, 8))
    # superscript footnote mark "1" after the 673 in the total row (as Word's "Hævet skrift")
    c = t.cell(7, 3)
    r = c.paragraphs[0].add_run("1")
    r.font.superscript = True
    notes(
        d,
        [
            "Noter til alle tabeller:",
            "* Fuld indfasning fra 2024.",
            "1 Heraf 200 t.kr. til ekstern konsulent.",
            "Forslaget skal udarbejdes i 2023 p/l.",
            "Alle besparelser er angivet med negativt (-) fortegn.",
        ],
    )
    body_text(d)
    d.save(OUT / "D04-tkr-stjerneaar-fodnote-uden-forvaltning.docx")


# D05: BC05 figures; labels wrapped over two rows, merged label/area cells, area merged down
def d05():
    d = docx.Document()
    header(
        d,
        "INVESTERINGSFORSLAG",
        "BUDGET 2023",
        "NY05 App til digital dialog med borgere",
        "Beskæftigelses- og Integrationsforvaltningen",
        ["Beskæftigelses- og Integrationsforvaltningen"],
    )
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["1.000 kr. 2023 p/l", "Styringsområde", "2023", "2024", "2025", "2026", "2027", "2028"],
        ["Varige ændringer", "", "", "", "", "", "", ""],
        ["Effektiviseringer", "Service", "", "-250", "-1.450", "-1.450", "-1.450", "-1.450"],
        ["Drift af løsningen", "Service", "", "", "500", "500", "500", "500"],
        ["Systemejerskab", "Service", "", "75", "150", "150", "150", "150"],
        ["Samlet varig ændring", "", "", "-175", "-800", "-800", "-800", "-800"],
        ["Implementeringsomkostninger", "", "", "", "", "", "", ""],
        ["Projektledelse", "Service", "600", "300", "", "", "", ""],
        ["IT-anskaffelse", "Anlæg", "1.800", "75", "", "", "", ""],
        ["IT-sikkerhed og arkitektafklaring", "Service", "400", "", "", "", "", ""],
        ["hos Koncern IT", "", "", "", "", "", "", ""],
        ["Uddannelse og informations-", "Service", "", "100", "", "", "", ""],
        ["materiale", "", "", "", "", "", "", ""],
        ["Samlede implementeringsomkostninger", "", "2.800", "475", "", "", "", ""],
        ["Samlet økonomisk påvirkning", "", "2.800", "300", "-800", "-800", "-800", "-800"],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "6", "", "", "", "", "", ""],
        ["Tilbagebetalingstid baseret på totaløkonomi", "6", "", "", "", "", "", ""],
    ]
    t = table(d, rows, bold_rows=(5, 13, 14))
    # "Varige ændringer" section heading merged across the whole row
    merge(t.cell(1, 0), t.cell(1, 7), "Varige ændringer")
    merge(t.cell(6, 0), t.cell(6, 7), "Implementeringsomkostninger")
    # area "Service" merged down over the two Varige lines Drift/Systemejerskab
    merge(t.cell(3, 1), t.cell(4, 1), "Service")
    # payback figure cell merged across the year columns
    merge(t.cell(15, 1), t.cell(15, 7), "6")
    merge(t.cell(16, 1), t.cell(16, 7), "6")
    notes(
        d,
        [
            "Noter til alle tabeller:",
            "Forslaget skal udarbejdes i 2023 p/l.",
            "Alle besparelser er angivet med negativt (-) fortegn.",
        ],
    )
    body_text(d)
    d.save(OUT / "D05-ombrudte-etiketter-flettede-celler.docx")


# D06: seed 001 mobile figures; Tabel 1 nested in a one-cell frame table, an "I alt"
# column, 2025 template wording
def d06():
    d = docx.Document()
    d.add_paragraph("Budget 2027")
    p = d.add_paragraph()
    p.add_run("TVÆRGÅENDE INVESTERINGSFORSLAG").bold = True
    p = d.add_paragraph()
    p.add_run("Forslagets titel: ").bold = True
    p.add_run("NY06 Administrative lettelser i mobilhåndteringen")
    p = d.add_paragraph()
    p.add_run("Kort resumé: ").bold = True
    p.add_run("Håndteringen af mobiltelefoner og tablets samles i Koncern IT.")
    p = d.add_paragraph()
    p.add_run("Fremstillende forvaltning: ").bold = True
    p.add_run("Økonomiforvaltningen")
    d.add_paragraph("Berørte forvaltninger:")
    t = d.add_table(rows=4, cols=4)
    for i, f in enumerate(FORV):
        t.cell(i % 4, (i // 4) * 2).text = "☒"
        t.cell(i % 4, (i // 4) * 2 + 1).text = f
    d.add_paragraph("2. Økonomi")
    frame = d.add_table(rows=1, cols=1)
    frame.style = "Table Grid"
    cell = frame.cell(0, 0)
    cell.paragraphs[0].add_run("Tabel 1. Forslagets samlede økonomiske konsekvenser").bold = True
    rows = [
        [
            "1.000 kr. 2025 p/l",
            "Styrings-område",
            "2024",
            "2025",
            "2026",
            "2027",
            "2028",
            "2029",
            "I alt",
        ],
        ["Varige ændringer (effektiviseringer og drift)", "", "", "", "", "", "", "", ""],
        [
            "Bortfaldne opgaver i forvaltningerne (19 ÅV)",
            "Service",
            "",
            "-6.356",
            "-12.711",
            "-12.711",
            "-12.711",
            "-12.711",
            "-57.200",
        ],
        [
            "Drift af ny ordning (12 ÅV)",
            "Service",
            "",
            "3.960",
            "7.920",
            "7.920",
            "7.920",
            "7.920",
            "35.640",
        ],
        [
            "Faste udgifter i den nye ordning",
            "Service",
            "",
            "500",
            "1.000",
            "1.000",
            "1.000",
            "1.000",
            "4.500",
        ],
        [
            "Samlet varig ændring",
            "",
            "",
            "-1.896",
            "-3.791",
            "-3.791",
            "-3.791",
            "-3.791",
            "-17.060",
        ],
        [
            "Indkøbseffektiviseringer**",
            "Service",
            "",
            "",
            "-449",
            "-897",
            "-1.346",
            "-1.795",
            "-4.487",
        ],
        [
            "Implementeringsomkostninger (midler fra investeringspuljen)",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        ["Spor 1: Forvaltningsinddragelse", "Service", "1.000", "700", "200", "", "", "", "1.900"],
        [
            "Spor 2: It-teknisk udvikling og understøttelse",
            "Service",
            "900",
            "700",
            "200",
            "",
            "",
            "",
            "1.800",
        ],
        [
            "Spor 3: Implementering, økonomi og effektivisering",
            "Service",
            "900",
            "900",
            "300",
            "",
            "",
            "",
            "2.100",
        ],
        [
            "Spor 4: Implementering af nyt driftsetup",
            "Service",
            "1.000",
            "1.300",
            "",
            "",
            "",
            "",
            "2.300",
        ],
        ["Samlede implementeringsomkostninger", "", "3.800", "3.600", "700", "", "", "", "8.100"],
        [
            "Samlet økonomisk påvirkning",
            "",
            "3.800",
            "1.704",
            "-3.091",
            "-3.791",
            "-3.791",
            "-3.791",
            "-8.960",
        ],
        [
            "Tilbagebetalingstid baseret på serviceeffektivisering",
            "",
            "",
            "",
            "",
            "",
            "",
            "4 år",
            "",
        ],
        ["Tilbagebetalingstid baseret på totaløkonomi", "", "", "", "", "", "", "4 år", ""],
    ]
    table(cell, rows, bold_rows=(5, 12, 13))
    cell.add_paragraph("Anm. Noter til alle tabeller: Forslaget skal udarbejdes i 2025 p/l.")
    notes(
        d,
        [
            "Alle besparelser er angivet med negativt (-) fortegn.",
            "**Denne effektivisering indgår i KK's indkøbseffektiviseringer, og indregnes derfor ikke i den "
            "samlede effektivisering eller beregning af tilbagebetalingstid angivet i denne investeringscase.",
        ],
    )
    body_text(d)
    d.save(OUT / "D06-rammetabel-i-alt-kolonne.docx")


# D07/D08: id "NY27-04"/"NY27-05" in Forslagets titel, Tabel 1 in kr., blank Fremstillende
# forvaltning ("Vælg forvaltning"), budget 2027; figures of BC08 (D07) and BC01 (D08)
def d07():
    d = docx.Document()
    header(
        d,
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "NY27-04 Kvalitetssikring af institutionsbeskrivelser",
        "Vælg forvaltning",
        ["Børne- og Ungdomsforvaltningen"],
    )
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["Kr. 2027 p/l", "Styringsområde", "2027", "2028", "2029", "2030"],
        ["Varige ændringer", "", "", "", "", ""],
        ["Effektivisering i sparet tid", "Service", "", "-533.000", "-533.000", "-533.000"],
        ["Ansættelse af HK-medarbejder", "Service", "", "268.000", "268.000", "268.000"],
        ["Samlet varig ændring", "", "", "-265.000", "-265.000", "-265.000"],
        ["Implementeringsomkostninger", "", "", "", "", ""],
        ["Midlertidig opgradering af infoteam", "Service", "673.000", "", "", ""],
        ["Samlede implementeringsomkostninger", "", "673.000", "", "", ""],
        ["Samlet økonomisk påvirkning", "", "673.000", "-265.000", "-265.000", "-265.000"],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "4", "", "", "", ""],
        ["Tilbagebetalingstid baseret på totaløkonomi", "4", "", "", "", ""],
    ]
    table(d, rows, bold_rows=(4, 7, 8))
    notes(
        d,
        [
            "Noter til alle tabeller:",
            "Forslaget skal udarbejdes i 2027 p/l.",
            "Alle besparelser er angivet med negativt (-) fortegn.",
        ],
    )
    body_text(d)
    d.save(OUT / "D07-NY27-04-kroner-tom-forvaltning.docx")


def d08():
    d = docx.Document()
    header(
        d,
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "NY27-05 Belysningspakke 4",
        "Økonomiforvaltningen",
        ["Økonomiforvaltningen"],
    )
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["1.000 kr. 2027 p/l", "Styringsområde", "2027", "2028", "2029", "2030", "2031", "2032"],
        ["Varige ændringer", "", "", "", "", "", "", ""],
        ["Energibesparelser", "Service", "-575", "-1.898", "-1.898", "-1.898", "-1.898", "-1.898"],
        [
            "Samlet varig ændring",
            "Service",
            "-575",
            "-1.898",
            "-1.898",
            "-1.898",
            "-1.898",
            "-1.898",
        ],
        ["Implementeringsomkostninger", "", "", "", "", "", "", ""],
        ["Anlægsinvestering", "Anlæg", "9.810", "", "", "", "", ""],
        ["Samlede implementeringsomkostninger", "", "9.810", "", "", "", "", ""],
        [
            "Samlet økonomisk påvirkning",
            "",
            "9.235",
            "-1.898",
            "-1.898",
            "-1.898",
            "-1.898",
            "-1.898",
        ],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "6", "", "", "", "", "", ""],
        ["Tilbagebetalingstid baseret på totaløkonomi", "6", "", "", "", "", "", ""],
    ]
    table(d, rows, bold_rows=(3, 6, 7))
    notes(d, ["Noter til alle tabeller:", "Forslaget skal udarbejdes i 2027 p/l."])
    body_text(d)
    d.save(OUT / "D08-NY27-05.docx")


# D09: BC06 figures; unaccepted tracked changes in two value cells
def d09():
    d = docx.Document()
    header(
        d,
        "INVESTERINGSFORSLAG",
        "BUDGET 2023",
        "NY09 Automatisering (med rettelser)",
        "Beskæftigelses- og Integrationsforvaltningen",
        ["Beskæftigelses- og Integrationsforvaltningen"],
    )
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["1.000 kr. 2023 p/l", "Styringsområde", "2023", "2024", "2025", "2026", "2027", "2028"],
        ["Varige ændringer", "", "", "", "", "", "", ""],
        ["Effektivisering", "Service", "-2.000", "-4.000", "-5.500", "X", "-8.500", "-8.500"],
        ["Licenser til UiPath", "Service", "800", "1.600", "3.100", "3.100", "3.100", "3.100"],
        [
            "Automatiseringssetup i BIF",
            "Service",
            "1.200",
            "2.400",
            "2.400",
            "2.400",
            "2.400",
            "2.400",
        ],
        ["Samlet varig ændring", "Service", "0", "0", "0", "-3.000", "-3.000", "-3.000"],
        ["Implementeringsomkostninger", "", "", "", "", "", "", ""],
        ["Midlertidig finansiering af licenser", "Service", "2.300", "1.500", "", "", "", ""],
        ["Udviklingsomkostninger", "Anlæg", "1.600", "1.600", "800", "", "", ""],
        ["Uddannelse", "Service", "400", "200", "", "", "", ""],
        ["Projektledelse", "Service", "X", "", "", "", "", ""],
        ["Grundinvestering i platform*", "Anlæg", "1.600", "1.000", "", "", "", ""],
        ["Samlede implementeringsomkostninger", "", "6.200", "4.300", "800", "", "", ""],
        ["Samlet økonomisk påvirkning", "", "6.200", "4.300", "800", "-3.000", "-3.000", "-3.000"],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "6", "", "", "", "", "", ""],
        ["Tilbagebetalingstid baseret på totaløkonomi", "6", "", "", "", "", "", ""],
    ]
    t = table(d, rows, bold_rows=(5, 12, 13))
    rev = 'w:author="Analytiker" w:date="2022-06-01T10:00:00Z"'
    # 2026 saving: -8.000 deleted, -8.500 inserted (not accepted)
    set_cell_xml_paragraph(
        t.cell(2, 5),
        f'<w:del w:id="101" {rev}><w:r><w:delText>-8.000</w:delText></w:r></w:del>'
        f'<w:ins w:id="102" {rev}><w:r><w:t>-8.500</w:t></w:r></w:ins>',
    )
    # Projektledelse 2023: partial edit: "3" kept, "5" deleted, "0" inserted -> 300 (was 350)
    set_cell_xml_paragraph(
        t.cell(10, 2),
        f'<w:r><w:t>3</w:t></w:r><w:del w:id="103" {rev}><w:r><w:delText>5</w:delText></w:r></w:del>'
        f'<w:ins w:id="104" {rev}><w:r><w:t>0</w:t></w:r></w:ins><w:r><w:t>0</w:t></w:r>',
    )
    notes(
        d,
        [
            "Noter til alle tabeller:",
            "Forslaget skal udarbejdes i 2023 p/l.",
            "Alle besparelser er angivet med negativt (-) fortegn.",
            "*Grundinvesteringer i platform - indgår ikke i beregningen af tilbagebetalingstiden.",
        ],
    )
    body_text(d)
    d.save(OUT / "D09-sporede-aendringer.docx")


# D10: 2016-style older template: heading names the proposal, "1.1 FORSLAGETS SAMLEDE
# ØKONOMISKE KONSEKVENSER", "Kr. 1000 2016 p/l", Bevilling column (text), area from section rows,
# "Tilbagebetalingstid (Break Even)"; BC01 figures moved to 2017-2022
def d10():
    d = docx.Document()
    d.add_paragraph("INVESTERINGSFORSLAG – BUDGET 2017")
    p = d.add_paragraph()
    p.add_run("NY10 Energirenovering af belysning i idrætshaller").bold = True
    p = d.add_paragraph()
    p.add_run("Fremstillende forvaltning: ").bold = True
    p.add_run("Kultur- og Fritidsforvaltningen")
    d.add_paragraph("Berørte forvaltninger: ☒ Kultur- og Fritidsforvaltningen")
    d.add_paragraph("1.1 FORSLAGETS SAMLEDE ØKONOMISKE KONSEKVENSER")
    rows = [
        ["Kr. 1000 2016 p/l", "Bevilling", "2017", "2018", "2019", "2020", "2021", "2022"],
        ["Varige driftsændringer", "", "", "", "", "", "", ""],
        [
            "Energibesparelser",
            "Kultur og Fritid",
            "-575",
            "-1.898",
            "-1.898",
            "-1.898",
            "-1.898",
            "-1.898",
        ],
        ["Implementeringsomkostninger - anlæg", "", "", "", "", "", "", ""],
        ["Udskiftning til LED", "Kultur og Fritid", "9.810", "", "", "", "", ""],
        ["Implementeringsomkostninger - drift", "", "", "", "", "", "", ""],
        ["Samlet pengestrøm", "", "9.235", "-1.898", "-1.898", "-1.898", "-1.898", "-1.898"],
        ["Tilbagebetalingstid (Break Even)", "6 år", "", "", "", "", "", ""],
        ["Søges der om midler fra investeringspuljerne?", "Ja", "", "", "", "", "", ""],
    ]
    table(d, rows, bold_rows=(1, 3, 5, 6))
    notes(d, ["Alle besparelser er angivet med negativt fortegn."])
    body_text(d)
    d.save(OUT / "D10-2016-skabelon.docx")


# D11: innovation proposal (BC10 figures), blank Styringsområde, an extra text column
# "Bemærkning" between label and years, caption worded "Tabel 1: Økonomi (1.000 kr.)"
def d11():
    d = docx.Document()
    header(
        d,
        "INNOVATIONSFORSLAG",
        "BUDGET 2023",
        "NY11 Digital selv- og medbetjening",
        "Socialforvaltningen",
        ["Socialforvaltningen"],
    )
    d.add_paragraph("Tabel 1: Økonomi (1.000 kr. 2023 p/l)")
    rows = [
        ["1.000 kr. 2023 p/l", "Styringsområde", "Bemærkning", "2022", "2023", "2024"],
        ["Implementeringsomkostninger", "", "", "", "", ""],
        ["Projektledelse 1 årsværk i 1½ år", "", "1 ÅV à 600", "", "600", "300"],
        ["Faglige nøgleressourcer", "", "frikøb 2023-24", "", "300", "150"],
        ["Udvikling og test af pilot-løsninger", "", "ekstern leverandør", "", "1.000", "300"],
        ["Samlede implementeringsomkostninger", "", "", "", "1.900", "750"],
    ]
    table(d, rows, bold_rows=(5,))
    notes(d, ["Note: Forslaget skal udarbejdes i 2023 pl."])
    body_text(d)
    d.save(OUT / "D11-innovation-tekstkolonne.docx")


if __name__ == "__main__":
    for f in [d01, d02, d03, d04, d05, d06, d07, d08, d09, d10, d11]:
        f()
    print(sorted(p.name for p in OUT.iterdir()))


# ---- second round: probes ----------------------------------------------------------------
BC08 = [
    ["1.000 kr. 2023 p/l", "Styringsområde", "2023", "2024", "2025", "2026", "2027"],
    ["Varige ændringer", "", "", "", "", "", ""],
    ["Effektivisering i sparet tid", "Service", "", "-533", "-533", "-533", "-533"],
    ["Ansættelse af HK-medarbejder", "Service", "", "268", "268", "268", "268"],
    ["Samlet varig ændring", "", "", "-265", "-265", "-265", "-265"],
    ["Implementeringsomkostninger", "", "", "", "", "", ""],
    ["Midlertidig opgradering af infoteam", "Service", "673", "", "", "", ""],
    ["Samlede implementeringsomkostninger", "", "673", "", "", "", ""],
    ["Samlet økonomisk påvirkning", "", "673", "-265", "-265", "-265", "-265"],
    ["Tilbagebetalingstid baseret på serviceeffektivisering", "4", "", "", "", "", ""],
    ["Tilbagebetalingstid baseret på totaløkonomi", "4", "", "", "", "", ""],
]


def std(d, id_title, admin="Børne- og Ungdomsforvaltningen"):
    header(d, "INVESTERINGSFORSLAG", "BUDGET 2023", id_title, admin, [admin])


# D12: superscript footnote mark on a LINE value (673 + superscript 1), no total rows at all
def d12():
    d = docx.Document()
    std(d, "NY12 Infoteam (fodnote i linje)")
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [r for r in BC08 if not r[0].startswith("Samle")]
    t = table(d, rows)
    c = t.cell(5, 2)  # Midlertidig opgradering, 2023
    r = c.paragraphs[0].add_run("1")
    r.font.superscript = True
    notes(d, ["1 Heraf 200 t.kr. til ekstern konsulent.", "Forslaget skal udarbejdes i 2023 p/l."])
    d.save(OUT / "D12-fodnote-i-linje-uden-totaler.docx")


# D13: savings typed positive under "Effektiviseringer" with NO total rows: sign cannot be settled
def d13():
    d = docx.Document()
    std(d, "NY13 Positive effektiviseringer uden totaler")
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["1.000 kr. 2023 p/l", "Styringsområde", "2023", "2024", "2025", "2026", "2027"],
        ["Varige ændringer", "", "", "", "", "", ""],
        ["Effektiviseringer", "", "", "", "", "", ""],
        ["Sparet tid på 355 enheder", "Service", "", "533", "533", "533", "533"],
        ["Omkostninger", "", "", "", "", "", ""],
        ["Ansættelse af HK-medarbejder", "Service", "", "268", "268", "268", "268"],
        ["Implementeringsomkostninger", "", "", "", "", "", ""],
        ["Midlertidig opgradering af infoteam", "Service", "673", "", "", "", ""],
    ]
    table(d, rows)
    notes(d, ["Forslaget skal udarbejdes i 2023 p/l."])
    d.save(OUT / "D13-positive-effektiviseringer-uden-totaler.docx")


# D14: D06-like "I alt" column with a typo in one I alt cell; and values in accounting
# parentheses "(533)" for negatives
def d14():
    d = docx.Document()
    std(d, "NY14 I alt-kolonne og parenteser")
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["1.000 kr. 2023 p/l", "Styringsområde", "2023", "2024", "2025", "2026", "2027", "I alt"],
        ["Varige ændringer", "", "", "", "", "", "", ""],
        [
            "Effektivisering i sparet tid",
            "Service",
            "",
            "(533)",
            "(533)",
            "(533)",
            "(533)",
            "(2.132)",
        ],
        ["Ansættelse af HK-medarbejder", "Service", "", "268", "268", "268", "268", "1.027"],
        ["Samlet varig ændring", "", "", "(265)", "(265)", "(265)", "(265)", "(1.060)"],
        ["Implementeringsomkostninger", "", "", "", "", "", "", ""],
        ["Midlertidig opgradering af infoteam", "Service", "673", "", "", "", "", "673"],
        ["Samlede implementeringsomkostninger", "", "673", "", "", "", "", "673"],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "4", "", "", "", "", "", ""],
    ]
    table(d, rows)
    notes(d, ["Forslaget skal udarbejdes i 2023 p/l."])
    d.save(OUT / "D14-i-alt-fejl-parenteser.docx")


# D15: Tabel 1 continued after a page break WITHOUT a repeated header row and without caption;
# the implementation part in the second table
def d15():
    d = docx.Document()
    std(d, "NY15 Fortsat tabel uden overskriftsrække")
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    table(d, BC08[:5])
    p = d.add_paragraph()
    p.add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    table(d, BC08[5:])
    notes(d, ["Forslaget skal udarbejdes i 2023 p/l."])
    d.save(OUT / "D15-fortsat-uden-overskrift.docx")


# D16: unit only in the caption "(mio. kr.)", header cell just "2023 p/l"; values in mio.
def d16():
    d = docx.Document()
    std(d, "NY16 Enhed i overskriften")
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser (mio. kr.)")
    rows = [
        ["2023 p/l", "Styringsområde", "2023", "2024", "2025", "2026", "2027"],
        ["Varige ændringer", "", "", "", "", "", ""],
        ["Effektivisering i sparet tid", "Service", "", "-0,533", "-0,533", "-0,533", "-0,533"],
        ["Ansættelse af HK-medarbejder", "Service", "", "0,268", "0,268", "0,268", "0,268"],
        ["Samlet varig ændring", "", "", "-0,265", "-0,265", "-0,265", "-0,265"],
        ["Implementeringsomkostninger", "", "", "", "", "", ""],
        ["Midlertidig opgradering af infoteam", "Service", "0,673", "", "", "", ""],
        ["Samlede implementeringsomkostninger", "", "0,673", "", "", "", ""],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "4", "", "", "", "", ""],
    ]
    table(d, rows)
    notes(d, ["Forslaget skal udarbejdes i 2023 p/l."])
    d.save(OUT / "D16-mio-kun-i-billedtekst.docx")


# D17: mio. kr. header but ONE cell typed in thousands by mistake (673 instead of 0,673)
def d17():
    d = docx.Document()
    std(d, "NY17 Blandet enhed")
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["Mio. kr. 2023 p/l", "Styringsområde", "2023", "2024", "2025", "2026", "2027"],
        ["Varige ændringer", "", "", "", "", "", ""],
        ["Effektivisering i sparet tid", "Service", "", "-0,533", "-0,533", "-0,533", "-0,533"],
        ["Ansættelse af HK-medarbejder", "Service", "", "0,268", "0,268", "0,268", "0,268"],
        ["Implementeringsomkostninger", "", "", "", "", "", ""],
        ["Midlertidig opgradering af infoteam", "Service", "673", "", "", "", ""],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "4", "", "", "", "", ""],
    ]
    table(d, rows)
    notes(d, ["Forslaget skal udarbejdes i 2023 p/l."])
    d.save(OUT / "D17-mio-med-tusinder-i-celle.docx")


# D18: "kr." in cells of a 1.000 kr. table (a person pasting kroner into a thousands table)
def d18():
    d = docx.Document()
    std(d, "NY18 Kroner i en tusindtabel")
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [list(r) for r in BC08]
    rows[6][2] = "673.000 kr."
    table(d, rows)
    notes(d, ["Forslaget skal udarbejdes i 2023 p/l."])
    d.save(OUT / "D18-kr-i-celle.docx")


# D19: tracked change that changes a LINE value where the totals follow the ORIGINAL
# (the analyst edited the line but not the total): read as accepted -> totals disagree
def d19():
    d = docx.Document()
    std(d, "NY19 Rettelse i linje, ikke i total")
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    t = table(d, BC08)
    rev = 'w:author="Analytiker" w:date="2022-06-01T10:00:00Z"'
    set_cell_xml_paragraph(
        t.cell(6, 2),
        f'<w:del w:id="201" {rev}><w:r><w:delText>673</w:delText></w:r></w:del>'
        f'<w:ins w:id="202" {rev}><w:r><w:t>1.673</w:t></w:r></w:ins>',
    )
    notes(d, ["Forslaget skal udarbejdes i 2023 p/l."])
    d.save(OUT / "D19-sporet-linje-total-uaendret.docx")


def round2():
    for f in [d12, d13, d14, d15, d16, d17, d18, d19]:
        f()


# D20: like D12 (superscript footnote mark "1" on the investment figure) but no payback row and
# no totals: nothing left for a plausibility check
def d20():
    d = docx.Document()
    std(d, "NY20 Fodnote i linje, intet at sammenligne med")
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [r for r in BC08 if not r[0].startswith("Samle") and not r[0].startswith("Tilbage")]
    t = table(d, rows)
    r = t.cell(5, 2).paragraphs[0].add_run("1")
    r.font.superscript = True
    notes(d, ["1 Heraf 200 t.kr. til ekstern konsulent.", "Forslaget skal udarbejdes i 2023 p/l."])
    d.save(OUT / "D20-fodnote-i-linje-intet-tjek.docx")


# D21: superscript footnote mark on a year header ("2025" + superscript "2") and on a saving
def d21():
    d = docx.Document()
    std(d, "NY21 Fodnote på årstal")
    d.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    t = table(d, BC08)
    r = t.cell(0, 4).paragraphs[0].add_run("2")
    r.font.superscript = True
    r = t.cell(2, 6).paragraphs[0].add_run("3")
    r.font.superscript = True
    notes(d, ["2 Fuld indfasning.", "3 Skønnet.", "Forslaget skal udarbejdes i 2023 p/l."])
    d.save(OUT / "D21-fodnote-paa-aarstal.docx")


def round3():
    d20()
    d21()

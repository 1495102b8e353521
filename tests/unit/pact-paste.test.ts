import { describe, expect, it } from "vitest";
import { cleanPastedHtml } from "../../app/components/pact/paste-cleaner";

// What Word for Windows (Microsoft 365) puts on the clipboard for a heading, a paragraph with
// bold, italic and a link, a two-level numbered list, a bulleted list, a table and an image.
const WORD = `<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<link rel=File-List href="file:///C:/Users/UTENTE/AppData/Local/Temp/msohtmlclip1/01/clip_filelist.xml">
<!--[if gte mso 9]><xml>
 <o:OfficeDocumentSettings>
  <o:AllowPNG/>
 </o:OfficeDocumentSettings>
</xml><![endif]-->
<style>
<!--
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{mso-style-unhide:no;
	margin-top:0cm;
	font-family:"Calibri",sans-serif;}
@list l0:level1
	{mso-level-text:"%1\\.";}
-->
</style>
</head>

<body lang=IT style='tab-interval:35.4pt;word-wrap:break-word'>
<!--StartFragment-->

<h1><a name="_Toc152345"></a><span style='mso-bookmark:_Toc152345'>Esperienza pregressa<o:p></o:p></span></h1>

<p class=MsoNormal>Il Comune di Chieri e il Consorzio <b>hanno già gestito</b> uno <i
style='mso-bidi-font-style:normal'>spazio compiti</i> con l'<a
href="https://www.comune.chieri.to.it/"><span style='color:#0563C1'>Istituto Comprensivo</span></a>.<o:p></o:p></p>

<p class=MsoNormal><o:p>&nbsp;</o:p></p>

<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='mso-fareast-font-family:Calibri'><span style='mso-list:Ignore'>1.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Mappatura dei servizi<o:p></o:p></p>

<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-add-space:auto;
text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span
style='mso-fareast-font-family:Calibri'><span style='mso-list:Ignore'>a.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>scuole e oratori<o:p></o:p></p>

<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='mso-fareast-font-family:Calibri'><span style='mso-list:Ignore'>2.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Formazione degli operatori<o:p></o:p></p>

<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol'><span
style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]>famiglie<o:p></o:p></p>

<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol'><span
style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]>scuole<o:p></o:p></p>

<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt'>
  <p class=MsoNormal><b>Azione<o:p></o:p></b></p>
  </td>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt'>
  <p class=MsoNormal><b>Partner<o:p></o:p></b></p>
  </td>
 </tr>
 <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
  <td width=301 valign=top colspan=1 style='width:225.4pt'>
  <p class=MsoNormal>Spazio compiti<o:p></o:p></p>
  </td>
  <td width=301 valign=top style='width:225.4pt'>
  <p class=MsoNormal>IC Chieri I<o:p></o:p></p>
  </td>
 </tr>
</table>

<p class=MsoNormal><!--[if gte vml 1]><v:shape id="Immagine_x0020_1" o:spid="_x0000_i1025"
 type="#_x0000_t75" style='width:120pt;height:80pt'>
 <v:imagedata src="file:///C:/Users/UTENTE/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png"
  o:title=""/>
</v:shape><![endif]--><![if !vml]><img width=160 height=107
src="file:///C:/Users/UTENTE/AppData/Local/Temp/msohtmlclip1/01/clip_image002.jpg" v:shapes="Immagine_x0020_1"><![endif]><o:p></o:p></p>

<!--EndFragment-->
</body>

</html>`;

// What LibreOffice Writer 7 puts on the clipboard for the same kind of content.
const LIBREOFFICE = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<html>
<head>
	<meta http-equiv="content-type" content="text/html; charset=utf-8"/>
	<title></title>
	<meta name="generator" content="LibreOffice 7.6.4.1 (Linux)"/>
	<style type="text/css">
		@page { size: 21cm 29.7cm; margin: 2cm }
		p { line-height: 115%; margin-bottom: 0.25cm; background: transparent }
		h2.western { font-family: "Liberation Sans", sans-serif; font-size: 16pt }
	</style>
</head>
<body lang="it-IT" link="#000080" vlink="#800000" dir="ltr"><h2 class="western">Governance</h2>
<p style="margin-bottom: 0cm; line-height: 100%">La <span style="font-weight: bold">cabina di regia</span> si riunisce <i>ogni due mesi</i>; il verbale è sul <a href="https://tavolo.example.org/verbali">sito del tavolo</a>.</p>
<p style="margin-bottom: 0cm; line-height: 100%"><font face="Liberation Serif, serif"><span style="font-style: italic"><span style="font-weight: 700">Partecipano:</span></span></font></p>
<ol>
	<li><p style="margin-bottom: 0cm; line-height: 100%">il Comune capofila</p>
	<ul>
		<li><p style="margin-bottom: 0cm; line-height: 100%">assessorato alle politiche sociali</p></li>
	</ul>
	</li><li><p style="margin-bottom: 0cm; line-height: 100%">il Consorzio socio-assistenziale</p></li>
</ol>
<table width="100%" cellpadding="4" cellspacing="0">
	<col width="128*"/>
	<col width="128*"/>
	<tr valign="top">
		<td width="50%" style="border-top: 1px solid #000000; padding: 0.1cm"><p>Ente</p></td>
		<td width="50%" style="border: 1px solid #000000; padding: 0.1cm"><p>Ruolo</p></td>
	</tr>
	<tr valign="top">
		<td width="50%" style="border-top: none; padding: 0.1cm"><p><span style="background: #ffff00">Comune</span></p></td>
		<td width="50%" style="border: 1px solid #000000; padding: 0.1cm"><p>capofila</p></td>
	</tr>
</table>
<p style="margin-bottom: 0cm; line-height: 100%"><img src="data:image/png;base64,iVBORw0KGgo=" name="Immagine1" align="bottom" width="64" height="64" border="0"/></p>
</body>
</html>`;

describe("cleanPastedHtml on Word's clipboard", () => {
  const clean = cleanPastedHtml(WORD);

  it("drops styles, classes, mso markup, comments, conditional blocks and images", () => {
    expect(clean).not.toMatch(/class=|style=|mso-|<!--|<!\[|<o:|<v:|<img|<span|<font|Msohtmlclip/i);
    expect(clean).not.toContain("Style Definitions");
    expect(clean).not.toContain("AllowPNG");
  });

  it("keeps the heading, made the section's top level (h2)", () => {
    expect(clean).toContain("<h2>Esperienza pregressa</h2>");
  });

  it("keeps bold, italic and the link with its address", () => {
    expect(clean).toContain(
      '<p>Il Comune di Chieri e il Consorzio <strong>hanno già gestito</strong> uno <em>spazio compiti</em> con l\'<a href="https://www.comune.chieri.to.it/">Istituto Comprensivo</a>.</p>',
    );
  });

  it("drops the empty paragraphs Word uses as spacing", () => {
    expect(clean).not.toMatch(/<p>(\s|&nbsp;)*<\/p>/);
  });

  it("turns Word's numbered paragraphs into a nested ordered list, without the typed markers", () => {
    expect(clean).toContain(
      "<ol><li><p>Mappatura dei servizi</p>\n<ol><li><p>scuole e oratori</p>\n</li>\n</ol>\n</li>\n<li><p>Formazione degli operatori</p>\n</li>\n</ol>",
    );
    expect(clean).not.toMatch(/1\.\s|a\.\s|·/);
  });

  it("turns Word's bulleted paragraphs into a bulleted list", () => {
    expect(clean).toContain("<ul><li><p>famiglie</p>\n</li>\n<li><p>scuole</p>\n</li>\n</ul>");
  });

  it("keeps the table's rows and cells and their text, not their layout", () => {
    expect(clean).toMatch(
      /<table><tr><td><p><strong>Azione<\/strong><\/p>\s*<\/td><td><p><strong>Partner<\/strong><\/p>\s*<\/td><\/tr><tr><td colspan="1"><p>Spazio compiti<\/p>\s*<\/td><td><p>IC Chieri I<\/p>\s*<\/td><\/tr><\/table>/,
    );
  });
});

describe("cleanPastedHtml on LibreOffice's clipboard", () => {
  const clean = cleanPastedHtml(LIBREOFFICE);

  it("drops the head, styles, fonts, columns and images", () => {
    expect(clean).not.toMatch(/<head|<style|<title|<font|<col|<img|style=|class=|width=|@page/i);
  });

  it("keeps the heading, bold and italic written as styles, and the link", () => {
    expect(clean).toContain("<h2>Governance</h2>");
    expect(clean).toContain(
      '<p>La <strong>cabina di regia</strong> si riunisce <em>ogni due mesi</em>; il verbale è sul <a href="https://tavolo.example.org/verbali">sito del tavolo</a>.</p>',
    );
    expect(clean).toContain("<p><em><strong>Partecipano:</strong></em></p>");
  });

  it("keeps the nested lists", () => {
    expect(clean).toMatch(
      /<ol>\s*<li><p>il Comune capofila<\/p>\s*<ul>\s*<li><p>assessorato alle politiche sociali<\/p>\s*<\/li>\s*<\/ul>\s*<\/li>\s*<li><p>il Consorzio socio-assistenziale<\/p>\s*<\/li>\s*<\/ol>/,
    );
  });

  it("keeps the table", () => {
    expect(clean).toMatch(
      /<table>\s*<tr>\s*<td><p>Ente<\/p>\s*<\/td>\s*<td><p>Ruolo<\/p>\s*<\/td>\s*<\/tr>\s*<tr>\s*<td><p>Comune<\/p>\s*<\/td>\s*<td><p>capofila<\/p>\s*<\/td>\s*<\/tr>\s*<\/table>/,
    );
  });
});

describe("cleanPastedHtml on anything else", () => {
  it.each([
    ['<p><a href="javascript:alert(1)">clic</a></p>', "<p>clic</p>"],
    ['<p><a href="#_ftn1" name="_ftnref1">[1]</a></p>', "<p>[1]</p>"],
    ['<p onclick="x()">testo</p><script>alert(1)</script>', "<p>testo</p>"],
    [
      '<b style="font-weight:normal" id="docs-internal-guid-1"><p>Google Docs</p></b>',
      "<p>Google Docs</p>",
    ],
    ["<h3>Sotto</h3><h4>Più sotto</h4>", "<h2>Sotto</h2>\n<h3>Più sotto</h3>"],
    ["<h1>Uno</h1><h6>Sei</h6>", "<h2>Uno</h2>\n<h4>Sei</h4>"],
    ["<p>a &lt; b <span></span>e <u>sottolineato</u></p>", "<p>a &lt; b e sottolineato</p>"],
    ["<p>uno<br>due</p>", "<p>uno<br>due</p>"],
    ["testo semplice", "testo semplice"],
    ["<p>1 < 2</p>", "<p>1 &lt; 2</p>"],
    [
      "<table><tr><td><b>a</b> <i>b</i></td></tr></table>",
      "<table><tr><td><strong>a</strong> <em>b</em></td></tr></table>",
    ],
  ])("cleans %s", (input, output) => {
    expect(cleanPastedHtml(input)).toBe(output);
  });
});

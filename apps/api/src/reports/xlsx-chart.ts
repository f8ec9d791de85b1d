import JSZip from 'jszip';

/**
 * A native Excel bar chart (DrawingML, c:barChart) added to an existing XLSX package. exceljs has
 * no chart API, so the chart part, its drawing and the relationships are written into the OOXML
 * package directly (ECMA-376 Part 1, §21.2): Excel, LibreOffice and Numbers open it as a real,
 * editable chart over the sheet's cells (not a picture).
 */
export interface XlsxBarChart {
  /** The sheet the chart is drawn on and whose cells it reads. */
  sheetName: string;
  title: string;
  /** Category labels, e.g. A2:A7 (1-based rows, inclusive). */
  categories: { column: string; firstRow: number; lastRow: number };
  /** One series per value column (same rows as the categories). */
  series: { name: string; column: string }[];
  /** Where the chart sits: top-left cell (0-based column/row) and its size in cells. */
  anchor: { col: number; row: number; width: number; height: number };
  /** 'bar' (horizontal) or 'col' (vertical). Default 'col'. */
  direction?: 'bar' | 'col';
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 'Sheet name' → "'Sheet name'" as formulas quote it. */
const sheetRef = (name: string) => `'${name.replace(/'/g, "''")}'`;

function chartXml(c: XlsxBarChart): string {
  const ref = (col: string) =>
    `${sheetRef(c.sheetName)}!$${col}$${c.categories.firstRow}:$${col}$${c.categories.lastRow}`;
  const series = c.series
    .map(
      (s, i) => `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>
<c:tx><c:v>${xmlEscape(s.name)}</c:v></c:tx>
<c:invertIfNegative val="0"/>
<c:cat><c:strRef><c:f>${xmlEscape(ref(c.categories.column))}</c:f></c:strRef></c:cat>
<c:val><c:numRef><c:f>${xmlEscape(ref(s.column))}</c:f></c:numRef></c:val>
</c:ser>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<c:lang val="ja-JP"/><c:roundedCorners val="0"/>
<c:chart>
<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="ja-JP" sz="1200" b="1"/><a:t>${xmlEscape(c.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>
<c:autoTitleDeleted val="0"/>
<c:plotArea><c:layout/>
<c:barChart><c:barDir val="${c.direction ?? 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>
${series}
<c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>
<c:gapWidth val="80"/><c:axId val="500000001"/><c:axId val="500000002"/></c:barChart>
<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="${c.direction === 'bar' ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="0"/><c:axPos val="${c.direction === 'bar' ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>
<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${c.direction === 'bar' ? 'b' : 'l'}"/><c:majorGridlines/><c:numFmt formatCode="0" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000001"/><c:crosses val="${c.direction === 'bar' ? 'max' : 'autoZero'}"/><c:crossBetween val="between"/></c:valAx>
</c:plotArea>
<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>
<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>
</c:chart>
</c:chartSpace>`;
}

function drawingXml(anchors: { chartRelId: string; anchor: XlsxBarChart['anchor']; id: number }[]): string {
  const parts = anchors
    .map(
      ({ chartRelId, anchor: a, id }) => `<xdr:twoCellAnchor editAs="oneCell">
<xdr:from><xdr:col>${a.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>
<xdr:to><xdr:col>${a.col + a.width}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.row + a.height}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="グラフ ${id}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>
<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>
<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="${chartRelId}"/></a:graphicData></a:graphic>
</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${parts}</xdr:wsDr>`;
}

/** Parts only: no directory entries in the package (Office writes none). */
const NO_FOLDERS = { createFolders: false } as const;

const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const rels = (items: { id: string; type: string; target: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${REL_NS}">${items
    .map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`)
    .join('')}</Relationships>`;

/** Sheet name → its part path (xl/worksheets/sheetN.xml), read from workbook.xml and its rels. */
async function sheetPaths(zip: JSZip): Promise<Map<string, string>> {
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  const wbRels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const targets = new Map<string, string>();
  for (const m of wbRels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /Id="([^"]+)"/.exec(m[0])?.[1];
    const target = /Target="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.replace(/^\/?(xl\/)?/, 'xl/'));
  }
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    const rid = /r:id="([^"]+)"/.exec(m[0])?.[1];
    if (name && rid && targets.has(rid)) {
      const decoded = name
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
      out.set(decoded, targets.get(rid)!);
    }
  }
  return out;
}

/** Adds the charts to the package (each sheet at most one drawing, made here). */
export async function addBarCharts(xlsx: Buffer, charts: XlsxBarChart[]): Promise<Buffer> {
  if (charts.length === 0) return xlsx;
  const zip = await JSZip.loadAsync(xlsx);
  const paths = await sheetPaths(zip);
  let contentTypes = await zip.file('[Content_Types].xml')!.async('string');
  const overrides: string[] = [];
  const bySheet = new Map<string, XlsxBarChart[]>();
  for (const c of charts) bySheet.set(c.sheetName, [...(bySheet.get(c.sheetName) ?? []), c]);
  let chartNo = 0;
  let drawingNo = 0;
  for (const [sheetName, sheetCharts] of bySheet) {
    const sheetPath = paths.get(sheetName);
    if (!sheetPath) throw new Error(`no sheet ${sheetName}`);
    drawingNo += 1;
    const anchors = sheetCharts.map((c, i) => {
      chartNo += 1;
      zip.file(`xl/charts/chart${chartNo}.xml`, chartXml(c), NO_FOLDERS);
      overrides.push(
        `<Override PartName="/xl/charts/chart${chartNo}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`,
      );
      return { chartRelId: `rId${i + 1}`, anchor: c.anchor, id: i + 1, chartNo };
    });
    zip.file(`xl/drawings/drawing${drawingNo}.xml`, drawingXml(anchors), NO_FOLDERS);
    zip.file(
      `xl/drawings/_rels/drawing${drawingNo}.xml.rels`,
      rels(
        anchors.map((a) => ({
          id: a.chartRelId,
          type: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
          target: `../charts/chart${a.chartNo}.xml`,
        })),
      ),
      NO_FOLDERS,
    );
    overrides.push(
      `<Override PartName="/xl/drawings/drawing${drawingNo}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`,
    );
    // The sheet's relationship to its drawing, and <drawing r:id> at its place in the sheet XML.
    const fileName = sheetPath.split('/').pop()!;
    const relsPath = `xl/worksheets/_rels/${fileName}.rels`;
    const existing = zip.file(relsPath) ? await zip.file(relsPath)!.async('string') : null;
    const relId = 'rIdChartDrawing1';
    const rel = `<Relationship Id="${relId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing${drawingNo}.xml"/>`;
    zip.file(
      relsPath,
      existing
        ? existing.replace('</Relationships>', `${rel}</Relationships>`)
        : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL_NS}">${rel}</Relationships>`,
      NO_FOLDERS,
    );
    let sheet = await zip.file(sheetPath)!.async('string');
    if (!/xmlns:r=/.test(sheet.slice(0, 1000)))
      sheet = sheet.replace(
        /<worksheet\b/,
        '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
      );
    const drawing = `<drawing r:id="${relId}"/>`;
    // CT_Worksheet order: … pageMargins, pageSetup, headerFooter, rowBreaks, colBreaks, customProperties,
    // cellWatches, ignoredErrors, smartTags, drawing, legacyDrawing, … tableParts, extLst.
    const after =
      /<(legacyDrawing|legacyDrawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b/.exec(
        sheet,
      );
    sheet = after
      ? sheet.slice(0, after.index) + drawing + sheet.slice(after.index)
      : sheet.replace('</worksheet>', `${drawing}</worksheet>`);
    zip.file(sheetPath, sheet, NO_FOLDERS);
  }
  contentTypes = contentTypes.replace('</Types>', `${overrides.join('')}</Types>`);
  zip.file('[Content_Types].xml', contentTypes, NO_FOLDERS);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

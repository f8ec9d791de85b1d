/**
 * Attachments (issue 13): an officer on a phone (390×844) adds a handout and a photo (the camera
 * button) to a visit, sees a refused file's reason, reloads, sees both, downloads the handout
 * (same name and bytes), and deletes the photo after a confirmation (gone after a reload too). A
 * manager drops minutes on the drop zone of a seminar's edit form on a desktop.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { docxFile, exeFile, jpegFile, pdfFile } from '../../attachments/sample-files';
import { newCouncilFollowUp, newOrganization, newSeminar, newVisit } from '../data';
import {
  assert,
  eventually,
  horizontalOverflow,
  jstDay,
  login,
  PHONE,
  reload,
  shot,
  toast,
  type Scenario,
} from '../harness';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The file names listed in the attachments panel. */
async function listed(page: Page): Promise<string[]> {
  return page.getByTestId('attachments-panel').getByTestId('attachment-download').allTextContents();
}

export const attachmentJourneys: Scenario[] = [
  {
    name: 'officer at phone width (390×844): attaches a handout and a photo to a visit, reloads, downloads, deletes',
    async run(w, s) {
      const org = await newOrganization(w);
      const visit = await newVisit(w, org);
      const handout = await pdfFile('経済安全保障 配付資料');
      const photo = jpegFile();
      const page = await s.page(PHONE);
      await login(page, 'officer');
      await page.goto(`/visits/${visit.id}`);
      const panel = page.getByTestId('attachments-panel');
      await panel.getByRole('heading', { name: '添付ファイル' }).waitFor();
      await panel.getByTestId('attachments-empty').waitFor();

      // the camera button opens the phone's camera: image/* with capture
      const camera = panel.getByTestId('attachment-camera-input');
      assert((await camera.getAttribute('accept')) === 'image/*', 'the camera input takes images');
      assert(
        (await camera.getAttribute('capture')) === 'environment',
        'the camera input asks for the camera',
      );
      const accept = (await panel.getByTestId('attachment-input').getAttribute('accept')) ?? '';
      assert(
        accept.includes('image/*') && accept.includes('application/pdf'),
        `file input accepts ${accept}`,
      );

      await panel
        .getByTestId('attachment-input')
        .setInputFiles({ name: '配付資料_経済安全保障.pdf', mimeType: 'application/pdf', buffer: handout });
      await toast(page, '1 件のファイルを添付しました。');
      await camera.setInputFiles({ name: '現場写真.jpg', mimeType: 'image/jpeg', buffer: photo });
      await eventually(
        'both files listed',
        () => listed(page),
        (names) => names.length === 2,
      );

      // a program named like a PDF is refused, with the reason in Japanese
      await panel
        .getByTestId('attachment-input')
        .setInputFiles({ name: '請求書.pdf', mimeType: 'application/pdf', buffer: exeFile() });
      await panel
        .getByTestId('attachment-error')
        .getByText(/「請求書\.pdf」: この種類のファイルは添付できません/)
        .waitFor();

      await reload(page);
      const names = await eventually(
        'the files after a reload',
        () => listed(page),
        (n) => n.length === 2,
      );
      assert(
        names.join('|') === '配付資料_経済安全保障.pdf|現場写真.jpg',
        `listed after a reload: ${names.join(', ')}`,
      );
      const rows = panel.getByTestId('attachment-row');
      const first = (await rows.first().textContent()) ?? '';
      assert(/KB/.test(first), `the size is shown: ${first}`);
      assert(/令和\d+年\d+月\d+日|\d{4}年/.test(first), `the date is shown: ${first}`);
      const overflow = await horizontalOverflow(page);
      assert(!overflow, `the visit page has no horizontal scroll on a phone: ${overflow}`);
      await panel.scrollIntoViewIfNeeded();
      await shot(page, 'attachments-phone', false);

      // download: the name from Content-Disposition (RFC 5987), the same bytes
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        panel.getByRole('button', { name: '配付資料_経済安全保障.pdf をダウンロード' }).click(),
      ]);
      assert(
        download.suggestedFilename() === '配付資料_経済安全保障.pdf',
        `downloaded as ${download.suggestedFilename()}`,
      );
      const bytes = await readFile(await download.path());
      assert(sha(bytes) === sha(handout), 'the downloaded file is the uploaded one');

      // delete the photo, after the confirmation
      await panel.getByRole('button', { name: '現場写真.jpg を削除' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('「現場写真.jpg」を削除します。よろしいですか。').waitFor();
      await dialog.getByRole('button', { name: '削除', exact: true }).click();
      await toast(page, '現場写真.jpg を削除しました。');
      await reload(page);
      await eventually(
        'one file after the delete',
        () => listed(page),
        (n) => n.join('|') === '配付資料_経済安全保障.pdf',
      );

      const api = await w.api('officer');
      const saved = await api.get<{ items: Array<{ fileName: string; sha256: string }> }>(
        `/visits/${visit.id}/attachments`,
      );
      assert(
        saved.body.items.length === 1 && saved.body.items[0].sha256 === sha(handout),
        `the server keeps the handout: ${JSON.stringify(saved.body)}`,
      );
    },
  },
  {
    name: 'manager: drops minutes on a seminar edit form’s drop zone; the detail page lists them after a reload',
    async run(w, s) {
      const org = await newOrganization(w);
      const seminar = await newSeminar(w, org);
      const page = await s.page();
      await login(page, 'manager');
      await page.goto(`/seminars/${seminar.id}`);
      await page.getByRole('heading', { level: 1, name: seminar.title }).waitFor();
      await page.getByRole('button', { name: '編集', exact: true }).click();
      await page.getByTestId('seminar-form').waitFor();
      const panel = page.getByTestId('attachments-panel');
      await panel.getByTestId('attachment-dropzone').waitFor();
      // dropped on the drop zone, as from the desktop's file manager
      const minutes = (await pdfFile('講演記録')).toString('base64');
      // (a string: the root tsconfig has no DOM types)
      const transfer = await page.evaluateHandle(`(() => {
        const bytes = Uint8Array.from(atob(${JSON.stringify(minutes)}), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], '講演記録.pdf', { type: 'application/pdf' }));
        return dt;
      })()`);
      const zone = panel.getByTestId('attachment-dropzone');
      await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
      await zone.dispatchEvent('dragover', { dataTransfer: transfer });
      await zone.dispatchEvent('drop', { dataTransfer: transfer });
      await toast(page, '1 件のファイルを添付しました。');
      await reload(page);
      await eventually(
        'listed on the seminar page',
        () => listed(page),
        (n) => n.join('|') === '講演記録.pdf',
      );
    },
  },
  {
    name: 'council meeting: the officer attaches the minutes, the manager downloads them; hq reads a submitted visit’s files without controls',
    async run(w, s) {
      const { meeting } = await newCouncilFollowUp(w, jstDay(-20));
      const minutes = await docxFile('岩国警察署協議会 会議録');
      const officer = await s.page();
      await login(officer, 'officer');
      await officer.goto(`/council/meetings/${meeting.id}`);
      const panel = officer.getByTestId('attachments-panel');
      await panel.getByTestId('attachments-empty').waitFor();
      await panel.getByTestId('attachment-input').setInputFiles({
        name: '会議録_第1回.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: minutes,
      });
      await toast(officer, '1 件のファイルを添付しました。');

      const manager = await s.page();
      await login(manager, 'manager');
      await manager.goto(`/council/meetings/${meeting.id}`);
      await eventually(
        'the manager sees the minutes',
        () => listed(manager),
        (n) => n.join('|') === '会議録_第1回.docx',
      );
      const [download] = await Promise.all([
        manager.waitForEvent('download'),
        manager
          .getByTestId('attachments-panel')
          .getByRole('button', { name: '会議録_第1回.docx をダウンロード' })
          .click(),
      ]);
      assert(
        download.suggestedFilename() === '会議録_第1回.docx',
        `downloaded as ${download.suggestedFilename()}`,
      );
      assert(sha(await readFile(await download.path())) === sha(minutes), 'the same bytes');

      // hq: a submitted visit's files, listed and downloadable, no file or delete button
      const visit = await newVisit(w, await newOrganization(w));
      await officer.goto(`/visits/${visit.id}`);
      await officer
        .getByTestId('attachments-panel')
        .getByTestId('attachment-input')
        .setInputFiles({ name: '配付資料.pdf', mimeType: 'application/pdf', buffer: await pdfFile('hq') });
      await toast(officer, '1 件のファイルを添付しました。');
      await officer.getByTestId('visit-detail-submit').click();
      await officer.getByText('提出', { exact: true }).first().waitFor();
      await eventually(
        'the visit is submitted',
        async () =>
          (await (await w.api('officer')).get<{ status: string }>(`/visits/${visit.id}`)).body.status,
        (st) => st === 'submitted',
      );
      const hq = await s.page();
      await login(hq, 'hq');
      await hq.goto(`/visits/${visit.id}`);
      const seen = hq.getByTestId('attachments-panel');
      await eventually(
        'hq sees the handout',
        () => listed(hq),
        (n) => n.join('|') === '配付資料.pdf',
      );
      assert((await seen.getByTestId('attachment-input').count()) === 0, 'hq has no file button');
      assert((await seen.getByTestId('attachment-delete').count()) === 0, 'hq has no delete button');
    },
  },
];

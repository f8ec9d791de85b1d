import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import i18n from '../../i18n';
import { jsonResponse, mockFetch, renderWithApp } from '../../test/render';
import { attachmentErrorMessage, formatFileSize } from './attachmentErrors';
import { AttachmentsPanel } from './AttachmentsPanel';

const t = i18n.getFixedT('ja');
const LIMIT = 20 * 1024 * 1024;
const VISIT = '44444444-4444-4444-8444-444444444444';
const pdf = {
  id: '55555555-5555-4555-8555-555555555555',
  fileName: '配付資料.pdf',
  contentType: 'application/pdf',
  size: 245_760,
  sha256: 'a'.repeat(64),
  createdAt: '2026-12-01T10:15:00+09:00',
  deletable: true,
};
const photo = { ...pdf, id: '66666666-6666-4666-8666-666666666666', fileName: '写真.jpg', deletable: false };

describe('AttachmentsPanel', () => {
  it('lists the files with size and date; delete only where allowed, after a confirmation', async () => {
    let items = [pdf, photo];
    const calls = mockFetch({
      [`GET /visits/${VISIT}/attachments`]: () => jsonResponse({ items, limitBytes: LIMIT }),
      [`DELETE /attachments/${pdf.id}`]: () => {
        items = [photo];
        return new Response(null, { status: 204 });
      },
    });
    renderWithApp(<AttachmentsPanel owner="visit" id={VISIT} canUpload />);
    const rows = await screen.findAllByTestId('attachment-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('240 KB')).toBeTruthy();
    expect(within(rows[0]).getAllByText(/令和8年12月1日/).length).toBeGreaterThan(0);
    expect(within(rows[1]).queryByTestId('attachment-delete')).toBeNull();

    fireEvent.click(within(rows[0]).getByRole('button', { name: '配付資料.pdf を削除' }));
    await screen.findByText('「配付資料.pdf」を削除します。よろしいですか。');
    fireEvent.click(screen.getByRole('button', { name: '削除' }));
    await waitFor(() => expect(screen.getAllByTestId('attachment-row')).toHaveLength(1));
    expect(calls.some((c) => c.method === 'DELETE' && c.path === `/attachments/${pdf.id}`)).toBe(true);
  });

  it('offers a file button (image/* included) and a camera button (capture) to those who may add files', async () => {
    const calls = mockFetch({
      [`GET /seminars/${VISIT}/attachments`]: () => jsonResponse({ items: [], limitBytes: LIMIT }),
    });
    renderWithApp(<AttachmentsPanel owner="seminar" id={VISIT} canUpload />);
    await screen.findByTestId('attachments-empty');
    const files = screen.getByTestId('attachment-input');
    expect(files.getAttribute('accept')).toContain('image/*');
    expect(files.getAttribute('accept')).toContain('application/pdf');
    const camera = screen.getByTestId('attachment-camera-input');
    expect(camera.getAttribute('accept')).toBe('image/*');
    expect(camera.getAttribute('capture')).toBe('environment');

    // a file past the limit is refused before anything is sent
    const big = new File([new Uint8Array(LIMIT + 1)], '大きな動画.mp4', { type: 'video/mp4' });
    fireEvent.change(files, { target: { files: [big] } });
    await screen.findByText('「大きな動画.mp4」: ファイルが大きすぎます（上限 20 MB）。');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('shows no upload controls to readers', async () => {
    mockFetch({
      [`GET /meetings/${VISIT}/attachments`]: () => jsonResponse({ items: [photo], limitBytes: LIMIT }),
    });
    renderWithApp(<AttachmentsPanel owner="meeting" id={VISIT} canUpload={false} />);
    await screen.findAllByTestId('attachment-row');
    expect(screen.queryByTestId('attachment-input')).toBeNull();
    expect(screen.queryByTestId('attachment-dropzone')).toBeNull();
  });
});

describe('attachment errors', () => {
  it('says 415 and 413 in Japanese by code, with the limit when the server gives it', () => {
    const unsupported = new ApiError(415, { statusCode: 415, code: 'attachment.unsupported_type' });
    expect(attachmentErrorMessage(unsupported, t)).toMatch(/^この種類のファイルは添付できません/);
    const tooLarge = new ApiError(413, {
      statusCode: 413,
      code: 'attachment.too_large',
      limitBytes: 20 * 1024 * 1024,
    });
    expect(attachmentErrorMessage(tooLarge, t)).toBe('ファイルが大きすぎます（上限 20 MB）。');
    expect(attachmentErrorMessage(new ApiError(413, { statusCode: 413 }), t)).toBe(
      'ファイルが大きすぎます。',
    );
    const locked = new ApiError(409, { statusCode: 409, code: 'attachment.record_locked' });
    expect(attachmentErrorMessage(locked, t)).toMatch(/削除できません/);
  });

  it('formats sizes', () => {
    expect(formatFileSize(12)).toBe('12 B');
    expect(formatFileSize(2048)).toBe('2.0 KB');
    expect(formatFileSize(245_760)).toBe('240 KB');
    expect(formatFileSize(2.5 * 1024 * 1024)).toBe('2.5 MB');
  });
});

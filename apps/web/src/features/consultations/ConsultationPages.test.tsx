import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import i18n from '../../i18n';
import type { Consultation } from '../../api/types';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import {
  ConsultationDetailPage,
  ConsultationForm,
  consultationFields,
  consultationToValues,
  createConsultationBody,
  validateConsultation,
} from './ConsultationPages';

const t = i18n.getFixedT('ja');
const orgId = '33333333-3333-4333-8333-333333333333';

const stored: Consultation = {
  id: 'c1',
  stationId: officer.stationId!,
  organizationId: orgId,
  organizationName: '岩国精密工業株式会社',
  receivedAt: '2025-06-21T10:00:00+09:00',
  category: 'targeted_email',
  summary: '取引先を装った標的型メールを受信した',
  handling: null,
  escalated: false,
  escalatedAt: null,
  status: 'open',
  closedAt: null,
  restricted: false,
  masked: false,
  createdBy: officer.id,
  createdAt: '2025-06-21T10:05:00+09:00',
  updatedAt: '2025-06-21T10:05:00+09:00',
  version: 2,
};

const FIELD_KEYS = ['category', 'escalated', 'handling', 'receivedAt', 'restricted', 'status', 'summary'];

describe('consultation bodies', () => {
  it('reads the organization by the name the server sends', () => {
    expect(consultationToValues(stored).organization).toEqual({ id: orgId, name: '岩国精密工業株式会社' });
  });

  it('an edit sends no organizationId: the server refuses it on PATCH (issue 11)', () => {
    const body = consultationFields(consultationToValues(stored));
    expect(Object.keys(body).sort()).toEqual(FIELD_KEYS);
    expect(body.receivedAt).toBe('2025-06-21T10:00:00+09:00');
  });

  it('a new consultation names its organization', () => {
    const v = {
      ...consultationToValues(undefined, new Date('2025-06-21T01:00:00Z')),
      summary: ' 不審な接触 ',
    };
    v.organization = { id: orgId, name: 'A社' };
    expect(createConsultationBody(v)).toEqual({
      organizationId: orgId,
      receivedAt: '2025-06-21T10:00:00+09:00',
      category: 'targeted_email',
      summary: '不審な接触',
      handling: null,
      escalated: false,
      status: 'open',
      restricted: false,
    });
  });

  it('requires organization, day, time and summary', () => {
    const v = { ...consultationToValues(), date: '2025-02-30', time: '' };
    expect(Object.keys(validateConsultation(v, t)).sort()).toEqual([
      'date',
      'organization',
      'summary',
      'time',
    ]);
  });
});

describe('ConsultationForm', () => {
  it('sends exactly the CreateConsultationDto fields on create', async () => {
    const calls = mockFetch({
      'GET /organizations': () =>
        jsonResponse({
          items: [{ id: orgId, name: '岩国精密工業株式会社' }],
          total: 1,
          page: 1,
          pageSize: 20,
        }),
      'POST /consultations': ({ body }) =>
        jsonResponse({ ...stored, ...(body as object), id: 'c9', version: 1 }),
    });
    const onDone = vi.fn();
    renderWithApp(<ConsultationForm onDone={onDone} />);
    const picker = screen.getByRole('textbox', { name: /相談元/ });
    fireEvent.focus(picker);
    fireEvent.click(picker);
    // the dropdown is mid-transition in jsdom, so its options count as hidden
    fireEvent.click(await screen.findByRole('option', { name: '岩国精密工業株式会社', hidden: true }));
    fireEvent.change(screen.getByLabelText(/概要/), { target: { value: '不審なメール' } });
    fireEvent.click(screen.getByLabelText('本部へ報告'));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([...FIELD_KEYS, 'organizationId'].sort());
    expect(body).toMatchObject({
      organizationId: orgId,
      category: 'targeted_email',
      summary: '不審なメール',
      handling: null,
      escalated: true,
      status: 'open',
      restricted: false,
    });
    expect(String(body.receivedAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+09:00$/);
  });

  it('sends exactly the UpdateConsultationDto fields and the version read on edit', async () => {
    const calls = mockFetch({
      'PATCH /consultations/c1': ({ body }) => jsonResponse({ ...stored, ...(body as object), version: 3 }),
    });
    const onDone = vi.fn();
    renderWithApp(<ConsultationForm consultation={stored} onDone={onDone} />);
    expect(screen.getByRole('textbox', { name: /相談元/ }).hasAttribute('disabled')).toBe(true);
    fireEvent.change(screen.getByLabelText('対応'), { target: { value: '注意喚起を行った' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const body = calls.find((c) => c.method === 'PATCH')?.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([...FIELD_KEYS, 'version'].sort());
    expect(body).toMatchObject({
      receivedAt: '2025-06-21T10:00:00+09:00',
      handling: '注意喚起を行った',
      version: 2,
    });
  });

  it('puts a server error on receivedAt beside the day', async () => {
    mockFetch({
      'PATCH /consultations/c1': () =>
        jsonResponse(
          {
            statusCode: 400,
            code: 'consultation.invalid',
            message: '入力内容に誤りがあります',
            details: [{ field: 'receivedAt', message: '未来の日付は登録できません' }],
          },
          400,
        ),
    });
    renderWithApp(<ConsultationForm consultation={stored} onDone={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('未来の日付は登録できません')).toBeTruthy();
  });
});

describe('ConsultationDetailPage', () => {
  it('shows a masked consultation without its text and without the edit button', async () => {
    mockFetch({
      'GET /consultations/c1': () =>
        jsonResponse({ ...stored, restricted: true, masked: true, summary: null, handling: null }),
    });
    renderWithApp(
      <Routes>
        <Route path="/consultations/:id" element={<ConsultationDetailPage />} />
      </Routes>,
      { route: '/consultations/c1' },
    );
    expect((await screen.findAllByTestId('masked')).length).toBe(2);
    expect(screen.getByText('岩国精密工業株式会社')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '編集' })).toBeNull();
  });
});

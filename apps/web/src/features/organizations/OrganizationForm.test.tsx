import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Organization } from '../../api/types';
import i18n from '../../i18n';
import { jsonResponse, mockFetch, renderWithApp } from '../../test/render';
import { OrganizationForm, toFormValues, toPayload, validateOrganization } from './OrganizationForm';

const t = i18n.getFixedT('ja');

const org: Organization = {
  id: 'o1',
  stationId: 's1',
  corporateNumber: '7000012050002',
  name: '岩国精機株式会社',
  nameKana: 'イワクニセイキ',
  legalForm: null,
  sector: 'advanced_tech',
  technologies: ['精密加工'],
  tier: 'A',
  municipality: '35208',
  address: '岩国市麻里布町1-1',
  postalCode: '7400018',
  exportControlRelevant: true,
  consultationDesk: 'planned',
  status: 'active',
  notes: null,
  lastReachedOn: null,
  nextDueOn: null,
  version: 3,
};

describe('organization form rules', () => {
  it('requires a name and checks the corporate number check digit', () => {
    const v = { ...toFormValues(), corporateNumber: '8000012050002' };
    expect(validateOrganization(v, t)).toEqual({
      name: '入力してください。',
      corporateNumber: '法人番号のチェックデジットが一致しません。',
    });
    expect(validateOrganization({ ...v, name: 'x', corporateNumber: '123' }, t).corporateNumber).toBe(
      '法人番号は13桁の数字で入力してください。',
    );
    expect(
      validateOrganization({ ...v, name: 'x', corporateNumber: '７０００-０１２-０５０００２' }, t),
    ).toEqual({});
  });

  it('sends normalized values and nulls for blanks', () => {
    const p = toPayload(
      {
        ...toFormValues(),
        name: ' 岩国 ',
        corporateNumber: '７００００１２０５０００２',
        postalCode: '740-0018',
      },
      true,
    );
    expect(p.name).toBe('岩国');
    expect(p.corporateNumber).toBe('7000012050002');
    expect(p.postalCode).toBe('7400018');
    expect(p.address).toBeNull();
    expect('status' in p).toBe(false);
  });
});

describe('OrganizationForm', () => {
  it('shows client errors beside the fields without calling the API', async () => {
    const calls = mockFetch({});
    renderWithApp(<OrganizationForm onSaved={vi.fn()} />);
    fireEvent.change(screen.getByLabelText(/^法人番号/), { target: { value: '1234' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('法人番号は13桁の数字で入力してください。')).toBeTruthy();
    expect(screen.getByText('入力してください。')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('shows server field errors beside their fields', async () => {
    mockFetch({
      'POST /organizations': () =>
        jsonResponse(
          {
            statusCode: 400,
            error: 'Bad Request',
            message: '入力内容に誤りがあります',
            details: [{ field: 'corporateNumber', message: 'この法人番号は既に登録されています' }],
            requestId: 'abc',
          },
          400,
        ),
    });
    const onSaved = vi.fn();
    renderWithApp(<OrganizationForm onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText(/^名称/), { target: { value: '岩国精機' } });
    fireEvent.change(screen.getByLabelText(/^法人番号/), { target: { value: '7000012050002' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('この法人番号は既に登録されています')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('入力内容に誤りがあります');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('on 409 offers the newer version and keeps the typed text', async () => {
    const calls = mockFetch({
      'PATCH /organizations/o1': ({ body }) =>
        (body as { version: number }).version === 3
          ? jsonResponse({ statusCode: 409, error: 'Conflict', message: 'stale version' }, 409)
          : jsonResponse({ ...org, notes: 'typed by me', version: 5 }),
      'GET /organizations/o1': () => jsonResponse({ ...org, address: '岩国市今津町', version: 4 }),
    });
    const onSaved = vi.fn();
    renderWithApp(<OrganizationForm organization={org} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText('備考'), { target: { value: 'typed by me' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText('更新が競合しました')).toBeTruthy();
    expect(screen.getByText('岩国市今津町')).toBeTruthy(); // the newer value is shown in the diff
    fireEvent.click(screen.getByRole('button', { name: '最新版を読み込む（入力内容を保持）' }));
    await waitFor(() => expect(screen.queryByText('更新が競合しました')).toBeNull());
    expect(screen.getByLabelText<HTMLTextAreaElement>('備考').value).toBe('typed by me');

    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect((patches[1].body as { version: number; notes: string }).version).toBe(4);
    expect((patches[1].body as { notes: string }).notes).toBe('typed by me');
  });
});

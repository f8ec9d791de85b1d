import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Organization } from '../../api/types';
import i18n from '../../i18n';
import { jsonResponse, mockFetch, renderWithApp } from '../../test/render';
import {
  createOrganizationBody,
  OrganizationForm,
  organizationFields,
  toFormValues,
  updateOrganizationBody,
  validateOrganization,
} from './OrganizationForm';

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
  municipalityName: '岩国市',
  address: '岩国市麻里布町1-1',
  postalCode: '7400018',
  exportControlRelevant: true,
  consultationDesk: 'planned',
  status: 'active',
  closedOn: null,
  notes: null,
  source: 'manual',
  registerUpdatedOn: null,
  suggestedSector: null,
  lastReachedOn: null,
  nextDueOn: null,
  coverage: 'never',
  mergedIntoId: null,
  archivedAt: null,
  createdAt: '2024-04-01T09:00:00+09:00',
  updatedAt: '2024-04-01T09:00:00+09:00',
  version: 3,
};

/** Every field the form sends, on create and edit alike (CreateOrganizationDto ∩ UpdateOrganizationDto). */
const FIELD_KEYS = [
  'address',
  'consultationDesk',
  'corporateNumber',
  'exportControlRelevant',
  'legalForm',
  'municipality',
  'name',
  'nameKana',
  'notes',
  'postalCode',
  'sector',
  'technologies',
  'tier',
];

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
    const p = createOrganizationBody({
      ...toFormValues(),
      name: ' 岩国 ',
      corporateNumber: '７００００１２０５０００２',
      postalCode: '740-0018',
    });
    expect(p.name).toBe('岩国');
    expect(p.corporateNumber).toBe('7000012050002');
    expect(p.postalCode).toBe('7400018');
    expect(p.address).toBeNull();
    // a new organization gets the server's default tier, never null (the server refuses null)
    expect(p.tier).toBe('C');
    expect(Object.keys(p).sort()).toEqual(FIELD_KEYS);
  });

  it('an edit adds the status and the version; an archived record sends no status (archiving is DELETE)', () => {
    expect(Object.keys(updateOrganizationBody(toFormValues(org), 3)).sort()).toEqual(
      [...FIELD_KEYS, 'status', 'version'].sort(),
    );
    const archived = updateOrganizationBody({ ...toFormValues(org), status: 'archived' }, 3);
    expect('status' in archived).toBe(false);
    expect(Object.keys(organizationFields(toFormValues(org))).sort()).toEqual(
      FIELD_KEYS.filter((k) => k !== 'tier'),
    );
  });

  it('a candidate stays a candidate when edited: tier null is sent, never a silent C', () => {
    const candidate = { ...org, tier: null, coverage: null };
    expect(toFormValues(candidate).tier).toBeNull();
    expect(updateOrganizationBody(toFormValues(candidate), 3).tier).toBeNull();
    expect(createOrganizationBody({ ...toFormValues(), tier: null }).tier).toBe('C');
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

  it('creates: POST /organizations with exactly the create fields', async () => {
    const calls = mockFetch({
      'POST /organizations': ({ body }) =>
        jsonResponse({ ...org, ...(body as object), id: 'o9', version: 1 }, 201),
    });
    const onSaved = vi.fn();
    renderWithApp(<OrganizationForm onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText(/^名称/), { target: { value: ' 岩国精機 ' } });
    fireEvent.change(screen.getByLabelText(/^法人番号/), { target: { value: '7000012050002' } });
    fireEvent.change(screen.getByLabelText('備考'), { target: { value: '新規' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'o9' })));
    const post = calls.find((c) => c.method === 'POST' && c.path === '/organizations');
    expect(post?.body).toEqual({
      name: '岩国精機',
      nameKana: null,
      corporateNumber: '7000012050002',
      legalForm: null,
      sector: null,
      technologies: [],
      tier: 'C',
      municipality: null,
      address: null,
      postalCode: null,
      exportControlRelevant: false,
      consultationDesk: 'none',
      notes: '新規',
    });
  });

  it('after a create, names the organizations the server found with the same name', async () => {
    mockFetch({
      'POST /organizations': ({ body }) =>
        jsonResponse(
          {
            ...org,
            ...(body as object),
            id: 'o9',
            corporateNumber: null,
            version: 1,
            possibleDuplicates: [{ id: 'o1', name: '岩国精機株式会社' }],
          },
          201,
        ),
    });
    const onSaved = vi.fn();
    renderWithApp(<OrganizationForm onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText(/^名称/), { target: { value: '岩国精機株式会社' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(await screen.findByText(/同じ名称の組織が既に登録されています: 岩国精機株式会社/)).toBeTruthy();
  });

  it('edits: PATCH /organizations/:id with the fields, the status and the version read', async () => {
    const calls = mockFetch({
      'PATCH /organizations/o1': ({ body }) => jsonResponse({ ...org, ...(body as object), version: 4 }),
    });
    const onSaved = vi.fn();
    renderWithApp(<OrganizationForm organization={org} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText('所在地'), { target: { value: '岩国市今津町1-1' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.path).toBe('/organizations/o1');
    expect(patch?.body).toEqual({
      name: '岩国精機株式会社',
      nameKana: 'イワクニセイキ',
      corporateNumber: '7000012050002',
      legalForm: null,
      sector: 'advanced_tech',
      technologies: ['精密加工'],
      tier: 'A',
      municipality: '35208',
      address: '岩国市今津町1-1',
      postalCode: '7400018',
      exportControlRelevant: true,
      consultationDesk: 'planned',
      notes: null,
      status: 'active',
      version: 3,
    });
  });

  it('shows server field errors beside their fields', async () => {
    mockFetch({
      'POST /organizations': () =>
        jsonResponse(
          {
            statusCode: 400,
            error: 'Bad Request',
            code: 'common.validation',
            message: '入力内容に誤りがあります',
            details: [{ field: 'municipality', message: '管内ではありません' }],
            requestId: 'abc',
          },
          400,
        ),
    });
    const onSaved = vi.fn();
    renderWithApp(<OrganizationForm onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText(/^名称/), { target: { value: '岩国精機' } });
    fireEvent.change(screen.getByLabelText(/^市区町村/), { target: { value: '35201' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('管内ではありません')).toBeTruthy();
    expect(
      screen
        .getAllByRole('alert')
        .map((a) => a.textContent)
        .join(' '),
    ).toContain('入力内容に誤りがあります');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('a duplicate corporate number is its own message with a link to the existing record', async () => {
    mockFetch({
      'POST /organizations': () =>
        jsonResponse(
          {
            statusCode: 409,
            error: 'Conflict',
            code: 'organization.duplicate_corporate_number',
            message:
              '法人番号 7000012050002 の事業者は既に登録されています: 岩国精機株式会社 (an organization with this corporate number exists)',
            details: [{ field: 'corporateNumber', message: '既に登録されています: 岩国精機株式会社' }],
            existingId: 'o1',
            existingName: '岩国精機株式会社',
          },
          409,
        ),
    });
    renderWithApp(<OrganizationForm onSaved={vi.fn()} />);
    fireEvent.change(screen.getByLabelText(/^名称/), { target: { value: '岩国精機' } });
    fireEvent.change(screen.getByLabelText(/^法人番号/), { target: { value: '7000012050002' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('既に登録されています: 岩国精機株式会社')).toBeTruthy();
    const link = screen.getByRole('link', { name: /岩国精機株式会社/ });
    expect(link.getAttribute('href')).toBe('/organizations/o1');
    expect(screen.queryByText('更新が競合しました')).toBeNull();
  });

  it('on a stale version offers the newer version and keeps the typed text', async () => {
    const calls = mockFetch({
      'PATCH /organizations/o1': ({ body }) =>
        (body as { version: number }).version === 3
          ? jsonResponse(
              {
                statusCode: 409,
                error: 'Conflict',
                code: 'organization.stale_version',
                message: 'stale version',
              },
              409,
            )
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

import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import { ActivityForm, activityFields, activityToValues } from './ActivityForm';

describe('activity form', () => {
  it('creates with exactly CreateActivityDto fields', async () => {
    const calls = mockFetch({
      'GET /partners': () => jsonResponse({ items: [], total: 0, page: 1, pageSize: 200 }),
      'POST /activities': ({ body }) =>
        jsonResponse({ id: 'a1', stationId: 's1', partnerNames: [], version: 1, ...(body as object) }),
    });
    const onDone = vi.fn();
    renderWithApp(<ActivityForm onDone={onDone} />, { user: officer });
    fireEvent.change(screen.getByLabelText(/^件名/), { target: { value: ' 担当者向け研修会 ' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      kind: 'training',
      title: '担当者向け研修会',
      participants: 0,
      partnerIds: [],
      topics: [],
      notes: null,
    });
    expect(Object.keys(body).sort()).toEqual([
      'heldOn',
      'kind',
      'notes',
      'participants',
      'partnerIds',
      'title',
      'topics',
    ]);
  });

  it('requires a title before sending anything', async () => {
    const calls = mockFetch({
      'GET /partners': () => jsonResponse({ items: [], total: 0, page: 1, pageSize: 200 }),
    });
    renderWithApp(<ActivityForm onDone={vi.fn()} />, { user: officer });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect((await screen.findAllByText('入力してください。')).length).toBeGreaterThan(0);
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('maps a record to values and back', () => {
    const v = activityToValues({
      id: 'a1',
      stationId: 's1',
      kind: 'pr_web',
      heldOn: '2023-06-01',
      title: 'ウェブサイト掲載',
      participants: 0,
      partnerIds: ['p1'],
      partnerNames: ['県警察本部'],
      topics: ['leak_cases'],
      notes: null,
      createdAt: '',
      updatedAt: '',
      version: 2,
    });
    expect(activityFields(v)).toEqual({
      kind: 'pr_web',
      heldOn: '2023-06-01',
      title: 'ウェブサイト掲載',
      participants: 0,
      partnerIds: ['p1'],
      topics: ['leak_cases'],
      notes: null,
    });
  });
});

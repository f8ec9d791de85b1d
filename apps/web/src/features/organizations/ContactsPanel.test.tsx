import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../api/types';
import { jsonResponse, mockFetch, renderWithApp } from '../../test/render';
import { ContactsPanel, createContactBody, updateContactBody, contactToValues } from './ContactsPanel';

const contact: Contact = {
  id: 'c1',
  organizationId: 'o1',
  name: '山田 花子',
  nameKana: 'ヤマダ ハナコ',
  title: '総務部長',
  role: 'manager',
  phone: '0827-00-0000',
  email: null,
  archivedAt: null,
  version: 2,
};

const CONTACT_KEYS = ['email', 'name', 'nameKana', 'phone', 'role', 'title'];

describe('contact bodies', () => {
  it('create sends the contact fields; edit adds the version', () => {
    expect(Object.keys(createContactBody(contactToValues(null))).sort()).toEqual(CONTACT_KEYS);
    expect(Object.keys(updateContactBody(contactToValues(contact), 2)).sort()).toEqual(
      [...CONTACT_KEYS, 'version'].sort(),
    );
  });
});

describe('ContactsPanel', () => {
  it('adds a contact: POST /organizations/:id/contacts with exactly the create fields', async () => {
    const calls = mockFetch({
      'GET /organizations/o1/contacts': () => jsonResponse({ items: [contact] }),
      'POST /organizations/o1/contacts': ({ body }) =>
        jsonResponse({ ...contact, ...(body as object), id: 'c2', version: 1 }, 201),
    });
    renderWithApp(<ContactsPanel organizationId="o1" editable />);
    expect(await screen.findByText('山田 花子')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '担当者を追加' }));
    const dialog = await screen.findByRole('form', { name: '担当者の追加' });
    fireEvent.change(within(dialog).getByLabelText(/^氏名/), { target: { value: ' 佐藤 一郎 ' } });
    fireEvent.change(within(dialog).getByLabelText('電話番号'), { target: { value: '0827-11-1111' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.path).toBe('/organizations/o1/contacts');
    expect(post?.body).toEqual({
      name: '佐藤 一郎',
      nameKana: null,
      title: null,
      role: 'manager',
      phone: '0827-11-1111',
      email: null,
    });
    await waitFor(() => expect(screen.queryByRole('form', { name: '担当者の追加' })).toBeNull());
  });

  it('edits a contact: PATCH /contacts/:id with the fields and the version read', async () => {
    const calls = mockFetch({
      'GET /organizations/o1/contacts': () => jsonResponse({ items: [contact] }),
      'PATCH /contacts/c1': ({ body }) => jsonResponse({ ...contact, ...(body as object), version: 3 }),
    });
    renderWithApp(<ContactsPanel organizationId="o1" editable />);
    fireEvent.click(await screen.findByRole('button', { name: '編集' }));
    const dialog = await screen.findByRole('form', { name: '担当者の編集' });
    fireEvent.change(within(dialog).getByLabelText('役職'), { target: { value: '代表取締役' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));

    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      title: '代表取締役',
      role: 'manager',
      phone: '0827-00-0000',
      email: null,
      version: 2,
    });
  });

  it('deletes (archives) a contact with DELETE /contacts/:id', async () => {
    const calls = mockFetch({
      'GET /organizations/o1/contacts': () => jsonResponse({ items: [contact] }),
      'DELETE /contacts/c1': () => jsonResponse(null, 204),
    });
    renderWithApp(<ContactsPanel organizationId="o1" editable />);
    fireEvent.click(await screen.findByRole('button', { name: '削除: 山田 花子' }));
    const confirm = await screen.findByRole('dialog');
    fireEvent.click(within(confirm).getByRole('button', { name: '削除' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'DELETE' && c.path === '/contacts/c1')).toBe(true),
    );
  });
});

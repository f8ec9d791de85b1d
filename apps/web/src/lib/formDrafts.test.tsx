import { Button, TextInput } from '@mantine/core';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../test/render';
import { DRAFT_MAX_AGE_MS, draftKey, hasDirtyForms, readDraft, writeDraft } from './formDrafts';
import { useFormState } from './useFormState';
import { useSaveForm } from './useSaveForm';

function NoteForm({ save }: { save: (v: { subject: string }) => Promise<unknown> }) {
  const form = useFormState({ subject: '' });
  const saver = useSaveForm({ form, save: (v) => save(v) });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
    >
      <TextInput label="件名" {...form.textField('subject')} />
      <Button type="submit">保存</Button>
    </form>
  );
}

describe('local drafts', () => {
  it('keeps what was typed, gives it back when the form opens again, and forgets it after a save', async () => {
    const save = vi.fn().mockResolvedValue({});
    const first = renderWithApp(<NoteForm save={save} />);
    fireEvent.change(screen.getByLabelText('件名'), { target: { value: '技術流出の相談' } });
    expect(hasDirtyForms()).toBe(true);
    first.unmount();
    expect(hasDirtyForms()).toBe(false);

    renderWithApp(<NoteForm save={save} />);
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('件名').value).toBe('技術流出の相談'));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(save).toHaveBeenCalledWith({ subject: '技術流出の相談' }));
    await waitFor(() => expect(window.localStorage.length).toBe(0));
    expect(hasDirtyForms()).toBe(false);
  });

  it('is per user and never for forms with secrets, and old drafts are dropped', () => {
    expect(draftKey('u1', '/visits/new', { a: 1 })).not.toBe(draftKey('u2', '/visits/new', { a: 1 }));
    expect(draftKey('u1', '/account', { currentPassword: '', newPassword: '' })).toBeNull();
    expect(draftKey('u1', '/login', { otp: '' })).toBeNull();
    const key = draftKey('u1', '/x', { a: 1 })!;
    writeDraft(key, { a: 2 }, 1000);
    expect(readDraft(key, 1000 + DRAFT_MAX_AGE_MS - 1)).toEqual({ a: 2 });
    expect(readDraft(key, 1000 + DRAFT_MAX_AGE_MS + 1)).toBeNull();
    expect(window.localStorage.getItem(key)).toBeNull();
  });
});

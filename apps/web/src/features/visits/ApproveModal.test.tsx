import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test/render';
import { ApproveModal } from './ApproveModal';

describe('ApproveModal', () => {
  it('hands the trimmed 決裁コメント over, and an empty one when none is written', async () => {
    const onConfirm = vi.fn();
    renderWithApp(
      <ApproveModal opened onClose={() => undefined} onConfirm={onConfirm} subject="テスト株式会社" />,
    );
    const comment = await screen.findByRole('textbox', { name: '決裁コメント（任意）' });
    fireEvent.change(comment, { target: { value: '  了承。次回確認のこと。 ' } });
    fireEvent.click(screen.getByTestId('approve-confirm'));
    expect(onConfirm).toHaveBeenLastCalledWith('了承。次回確認のこと。');
    fireEvent.click(screen.getByTestId('approve-confirm'));
    expect(onConfirm).toHaveBeenLastCalledWith('');
  });

  it('refuses a comment past 2000 characters', async () => {
    const onConfirm = vi.fn();
    renderWithApp(<ApproveModal opened onClose={() => undefined} onConfirm={onConfirm} />);
    const comment = await screen.findByRole('textbox', { name: '決裁コメント（任意）' });
    fireEvent.change(comment, { target: { value: 'あ'.repeat(2001) } });
    fireEvent.click(screen.getByTestId('approve-confirm'));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByText('2000文字以内で入力してください。')).toBeTruthy();
  });
});

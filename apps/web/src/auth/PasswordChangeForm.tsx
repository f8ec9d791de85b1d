import { Alert, Button, List, PasswordInput, Stack, Text } from '@mantine/core';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormState } from '../lib/useFormState';
import { notifySuccess } from '../lib/notify';
import { useChangePassword } from './accountApi';
import { useAuth } from './AuthContext';

const MIN = 12;
const MAX = 128;

/**
 * The user's own password change. The server applies the rules (length, the common-password
 * list, the user's names) and answers them per field; the form checks only what it can know
 * (length, the confirmation) to save a round trip.
 */
export function PasswordChangeForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const { refresh } = useAuth();
  const change = useChangePassword();
  const form = useFormState({ currentPassword: '', newPassword: '', confirmPassword: '' });
  const { values, errors, setErrors, textField } = form;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!values.currentPassword) fe.currentPassword = t('validation.required');
    const length = [...values.newPassword].length;
    if (!values.newPassword) fe.newPassword = t('validation.required');
    else if (length < MIN) fe.newPassword = t('account.passwordTooShort', { min: MIN });
    else if (length > MAX) fe.newPassword = t('account.passwordTooLong', { max: MAX });
    if (values.confirmPassword !== values.newPassword) fe.confirmPassword = t('account.passwordMismatch');
    setErrors(fe);
    if (Object.keys(fe).length) return;
    try {
      await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const fields = err.fieldErrors;
        if (err.code === 'auth.wrong_password') fields.currentPassword = t('account.wrongPassword');
        setErrors(fields);
      }
      return;
    }
    form.reset({ currentPassword: '', newPassword: '', confirmPassword: '' });
    notifySuccess(t('account.passwordChanged'));
    await refresh?.().catch(() => undefined);
    onDone?.();
  };

  const serverError = change.error instanceof ApiError && change.error.status === 400 ? null : change.error;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('account.passwordTitle')}>
      <Stack maw={460}>
        <Alert color="gray" variant="light" p="xs">
          <Text size="sm">{t('account.passwordRules')}</Text>
          <List size="sm" withPadding>
            <List.Item>{t('account.ruleLength', { min: MIN, max: MAX })}</List.Item>
            <List.Item>{t('account.ruleCommon')}</List.Item>
            <List.Item>{t('account.ruleNames')}</List.Item>
          </List>
        </Alert>
        {serverError ? <ErrorAlert error={serverError} /> : null}
        <PasswordInput
          label={t('account.currentPassword')}
          name="currentPassword"
          autoComplete="current-password"
          required
          {...textField('currentPassword')}
        />
        <PasswordInput
          label={t('account.newPassword')}
          name="newPassword"
          autoComplete="new-password"
          required
          {...textField('newPassword')}
        />
        <PasswordInput
          label={t('account.confirmPassword')}
          name="confirmPassword"
          autoComplete="new-password"
          required
          {...textField('confirmPassword')}
          error={errors.confirmPassword}
        />
        <div>
          <Button type="submit" loading={change.isPending}>
            {t('account.changePassword')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

import {
  Alert,
  Button,
  Divider,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { formatDateTime } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { useDisableMfa, useMfaStatus } from './accountApi';
import { useAuth, useMe } from './AuthContext';
import { MfaEnrolment } from './MfaEnrolment';
import { PasswordChangeForm } from './PasswordChangeForm';
import { SessionsList } from './SessionsList';

function Section({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** The second factor: on (with the form that turns it off) or off (with the enrolment). */
function MfaSection() {
  const { t, i18n } = useTranslation();
  const { refresh } = useAuth();
  const status = useMfaStatus();
  const disable = useDisableMfa();
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (status.error) return <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />;
  if (!status.data) return <Text size="sm">{t('app.loading')}</Text>;
  if (!status.data.enabled) {
    return (
      <Stack>
        {status.data.required && <Alert color="yellow">{t('account.mfaRequiredNotice')}</Alert>}
        <MfaEnrolment onDone={() => void status.refetch()} />
      </Stack>
    );
  }

  const onDisable = async (e: FormEvent) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!password) fe.password = t('validation.required');
    if (!otp.trim()) fe.otp = t('validation.required');
    setErrors(fe);
    if (Object.keys(fe).length) return;
    try {
      await disable.mutateAsync({ password, otp: otp.trim() });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        setErrors({
          ...err.fieldErrors,
          ...(err.code === 'auth.wrong_password' ? { password: t('account.wrongPassword') } : {}),
          ...(err.code === 'auth.otp_invalid' ? { otp: t('auth.otpInvalid') } : {}),
        });
      }
      return;
    }
    setPassword('');
    setOtp('');
    notifySuccess(t('account.mfaDisabled'));
    await refresh?.().catch(() => undefined);
  };

  const otherError = disable.error instanceof ApiError && disable.error.status === 400 ? null : disable.error;
  return (
    <Stack maw={520}>
      <Alert color="green" data-testid="mfa-on">
        {t('account.mfaOn', {
          since: status.data.enabledAt ? formatDateTime(status.data.enabledAt, i18n.language) : '',
        })}
        <br />
        {t('account.recoveryCodesLeft', { count: status.data.recoveryCodesLeft })}
      </Alert>
      {status.data.required && (
        <Text size="sm" c="dimmed">
          {t('account.mfaRequiredKeep')}
        </Text>
      )}
      <Divider label={t('account.mfaTurnOff')} labelPosition="left" />
      <form onSubmit={(e) => void onDisable(e)} noValidate aria-label={t('account.mfaTurnOff')}>
        <Stack>
          {otherError ? <ErrorAlert error={otherError} /> : null}
          <PasswordInput
            label={t('account.currentPassword')}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            required
          />
          <TextInput
            label={t('auth.otp')}
            description={t('auth.otpHint')}
            autoComplete="one-time-code"
            value={otp}
            onChange={(e) => setOtp(e.currentTarget.value)}
            error={errors.otp}
            required
            maxLength={32}
          />
          <Group>
            <Button type="submit" color="red" variant="light" loading={disable.isPending}>
              {t('account.mfaTurnOffButton')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** アカウント設定: own password, second factor, sessions; from the header's user menu. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <PageHeader
        title={t('account.title')}
        sub={
          <Text size="sm" c="dimmed">
            {me.displayName} ({me.username})
          </Text>
        }
      />
      <Stack gap="lg">
        <Section title={t('account.passwordTitle')} id="account-password">
          <PasswordChangeForm />
        </Section>
        <Section title={t('account.mfaTitle')} id="account-mfa">
          <MfaSection />
        </Section>
        <Section title={t('account.sessionsTitle')} id="account-sessions">
          <Text size="sm" c="dimmed" mb="xs">
            {t('account.sessionsHint')}
          </Text>
          <SessionsList />
        </Section>
      </Stack>
    </>
  );
}

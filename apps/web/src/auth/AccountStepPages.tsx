import { Alert, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { useAuth, useMe } from './AuthContext';
import { MfaEnrolment } from './MfaEnrolment';
import { PasswordChangeForm } from './PasswordChangeForm';

function StepFrame({ title, notice, children }: { title: string; notice: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { logout } = useAuth();
  const me = useMe();
  return (
    <Center mih="100vh" p="md" bg="gray.1">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w="100%" maw={560}>
        <Stack>
          <Group justify="space-between" align="flex-start">
            <div>
              <Text size="sm" c="dimmed">
                {t('app.title')}
              </Text>
              <Title order={1} size="h2">
                {title}
              </Title>
              <Text size="sm" c="dimmed">
                {me.displayName} ({me.username})
              </Text>
            </div>
            <LanguageSwitch />
          </Group>
          <Alert color="yellow" role="status">
            {notice}
          </Alert>
          {children}
          <Group justify="flex-end">
            <Button variant="subtle" size="xs" onClick={() => void logout()}>
              {t('app.logout')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}

/** After a login with a password set by someone else: the user sets their own before anything else. */
export function ForcedPasswordChangePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <StepFrame title={t('account.forcedPasswordTitle')} notice={t('account.forcedPasswordNotice')}>
      <PasswordChangeForm
        onDone={() => {
          // /auth/me was read again: the enrolment may be next.
          void navigate('/', { replace: true });
        }}
      />
    </StepFrame>
  );
}

/** A role that must use a second factor, without one: the enrolment before anything else. */
export function ForcedMfaSetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <StepFrame title={t('account.forcedMfaTitle')} notice={t('account.forcedMfaNotice')}>
      <MfaEnrolment onDone={() => void navigate('/', { replace: true })} />
    </StepFrame>
  );
}

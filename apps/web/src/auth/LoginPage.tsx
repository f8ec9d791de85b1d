import {
  Alert,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { loginErrorMessage } from '../api/errors';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { homePath } from '../lib/roles';
import { pendingAccountStep, useAuth, type AuthReason } from './AuthContext';
import { markOnce, readBootLogin, restoreBootFocus } from './bootLogin';

interface LoginState {
  reason?: AuthReason;
  from?: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { login, status, user, endReason } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as LoginState;
  // index.html's plain form, when the page takes it over (bootLogin.ts): what was typed stays
  const [boot] = useState(readBootLogin);
  const [username, setUsername] = useState(boot?.username ?? '');
  const [password, setPassword] = useState(boot?.password ?? '');
  const formRef = useRef<HTMLFormElement>(null);
  const bootSubmitted = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string; otp?: string }>({});
  const [busy, setBusy] = useState(false);
  // The server asked for the second factor (auth.otp_required): the password was right.
  const [otpStep, setOtpStep] = useState(false);
  const [otp, setOtp] = useState('');

  // Back to where the user was (a deep link, or the form open when the session ended): its
  // draft is restored there.
  const returnTo = state.from && !state.from.startsWith('/login') ? state.from : null;

  useLayoutEffect(() => {
    restoreBootFocus(formRef.current, boot);
    markOnce('app:commit');
    requestAnimationFrame(() => setTimeout(() => markOnce('app:painted'), 0));
  }, [boot]);

  const restart = () => {
    setOtpStep(false);
    setOtp('');
    setPassword('');
    setFieldErrors({});
  };

  const submit = async () => {
    const fe: typeof fieldErrors = {};
    if (!username.trim()) fe.username = t('validation.required');
    if (!password) fe.password = t('validation.required');
    if (otpStep && !otp.trim()) fe.otp = t('validation.required');
    setFieldErrors(fe);
    if (fe.username || fe.password || fe.otp) return;
    setBusy(true);
    setError(null);
    try {
      const me = otpStep
        ? await login(username.trim(), password, otp.trim())
        : await login(username.trim(), password);
      const from = returnTo ?? homePath(me.role);
      void navigate(pendingAccountStep(me) ?? from, { replace: true });
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      if (code === 'auth.otp_required') {
        setOtpStep(true);
      } else if (code === 'auth.otp_invalid') {
        setFieldErrors({ otp: t('auth.otpInvalid') });
        setOtp('');
      } else if (code === 'auth.password_expired') {
        setError(t('auth.passwordExpired'));
        restart();
      } else {
        setError(loginErrorMessage(err, t));
        restart();
      }
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit();
  };

  // ログイン pressed in the plain form before the app ran: sent now, with what was typed
  useEffect(() => {
    if (!boot?.submitted || bootSubmitted.current) return;
    bootSubmitted.current = true;
    void submit();
    // once, with the first render's values (submit reads them)
  }, [boot]);

  if (status === 'authenticated' && user)
    return <Navigate to={pendingAccountStep(user) ?? returnTo ?? homePath(user.role)} replace />;

  const reason = state.reason ?? endReason ?? null;
  const notice =
    reason === 'sessionExpired'
      ? t('auth.sessionExpired')
      : reason === 'loggedOut'
        ? t('auth.loggedOut')
        : null;

  return (
    <Center mih="100vh" p="md" bg="gray.1">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby="login-title" data-app-login>
          <Stack>
            <Group justify="space-between" align="flex-start">
              <div>
                <Text size="sm" c="dimmed">
                  {t('app.title')}
                </Text>
                <Title order={1} size="h2" id="login-title">
                  {t('auth.loginTitle')}
                </Title>
              </div>
              <LanguageSwitch />
            </Group>
            {notice && (
              <Alert color={reason === 'sessionExpired' ? 'yellow' : 'blue'} role="status">
                {notice}
              </Alert>
            )}
            {error && (
              <Alert color="red" role="alert" data-testid="login-error">
                {error}
              </Alert>
            )}
            <TextInput
              label={t('auth.username')}
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={fieldErrors.username}
              required
              readOnly={otpStep}
              data-autofocus
              autoFocus={!otpStep}
            />
            {!otpStep && (
              <PasswordInput
                label={t('auth.password')}
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fieldErrors.password}
                required
              />
            )}
            {otpStep && (
              <>
                <Alert color="blue" role="status" data-testid="otp-needed">
                  {t('auth.otpNeeded')}
                </Alert>
                <TextInput
                  label={t('auth.otp')}
                  description={t('auth.otpHint')}
                  name="otp"
                  autoComplete="one-time-code"
                  inputMode="text"
                  value={otp}
                  onChange={(e) => setOtp(e.currentTarget.value)}
                  error={fieldErrors.otp}
                  required
                  autoFocus
                  maxLength={32}
                />
              </>
            )}
            <Button type="submit" loading={busy} fullWidth>
              {otpStep ? t('auth.verify') : t('auth.login')}
            </Button>
            {otpStep && (
              <Button variant="subtle" size="xs" onClick={restart}>
                {t('auth.otpBack')}
              </Button>
            )}
            <Text size="xs" c="dimmed">
              {t('auth.notice')}
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

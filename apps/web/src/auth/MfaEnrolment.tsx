import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useConfirmTotp, useStartTotp, type TotpEnrolment } from './accountApi';
import { useAuth } from './AuthContext';

/** The otpauth:// URI as a QR code, an SVG data URL (no canvas needed). */
export async function qrDataUrl(otpauthUrl: string): Promise<string> {
  const svg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * Enrolment of an authenticator app: a new secret (QR code, or typed by hand), a code from the
 * app to confirm, then the ten recovery codes — shown this once, the server keeps only hashes.
 */
export function MfaEnrolment({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const { refresh } = useAuth();
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [otp, setOtp] = useState('');
  const [otpError, setOtpError] = useState<string | undefined>();
  const [codes, setCodes] = useState<string[] | null>(null);

  useEffect(() => {
    if (!enrolment) return;
    let cancelled = false;
    void qrDataUrl(enrolment.otpauthUrl).then((url) => {
      if (!cancelled) setQr(url);
    });
    return () => {
      cancelled = true;
    };
  }, [enrolment]);

  const begin = async () => {
    setOtp('');
    setOtpError(undefined);
    setQr(null);
    setEnrolment(await start.mutateAsync());
  };

  const onConfirm = async (e: FormEvent) => {
    e.preventDefault();
    if (!otp.trim()) {
      setOtpError(t('validation.required'));
      return;
    }
    try {
      const res = await confirm.mutateAsync(otp.trim());
      setCodes(res.recoveryCodes);
      setEnrolment(null);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'auth.otp_invalid') {
        setOtpError(t('auth.otpInvalid'));
        setOtp('');
      }
    }
  };

  const finish = async () => {
    await refresh?.().catch(() => undefined);
    onDone?.();
  };

  if (codes) {
    return (
      <Stack maw={520} data-testid="recovery-codes">
        <Alert color="green" title={t('account.mfaEnabledNow')}>
          {t('account.recoveryCodesOnce')}
        </Alert>
        <SimpleGrid cols={2} spacing="xs" component="ul" style={{ listStyle: 'none', padding: 0 }}>
          {codes.map((code) => (
            <li key={code}>
              <Code fz="md">{code}</Code>
            </li>
          ))}
        </SimpleGrid>
        <Group>
          <CopyButton value={codes.join('\n')}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t('account.copied') : t('account.copyCodes')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={() => void finish()}>{t('account.codesSaved')}</Button>
        </Group>
      </Stack>
    );
  }

  if (!enrolment) {
    return (
      <Stack maw={520}>
        <Text size="sm">{t('account.mfaIntro')}</Text>
        {start.error ? <ErrorAlert error={start.error} /> : null}
        <div>
          <Button onClick={() => void begin()} loading={start.isPending}>
            {t('account.mfaStart')}
          </Button>
        </div>
      </Stack>
    );
  }

  return (
    <form onSubmit={(e) => void onConfirm(e)} noValidate aria-label={t('account.mfaTitle')}>
      <Stack maw={520}>
        <Text size="sm">{t('account.mfaScan')}</Text>
        {qr ? (
          <Image src={qr} alt={t('account.qrAlt')} w={200} h={200} data-testid="totp-qr" />
        ) : (
          <Text size="sm" c="dimmed">
            {t('app.loading')}
          </Text>
        )}
        <Text size="sm">{t('account.mfaManual')}</Text>
        <Code block data-testid="totp-secret">
          {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
        </Code>
        {confirm.error &&
        !(confirm.error instanceof ApiError && confirm.error.code === 'auth.otp_invalid') ? (
          <ErrorAlert error={confirm.error} />
        ) : null}
        <TextInput
          label={t('account.mfaCode')}
          description={t('account.mfaCodeHint')}
          name="otp"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={10}
          value={otp}
          onChange={(e) => {
            setOtp(e.currentTarget.value);
            setOtpError(undefined);
          }}
          error={otpError}
          required
          w={220}
        />
        <Group>
          <Button type="submit" loading={confirm.isPending}>
            {t('account.mfaConfirm')}
          </Button>
          <Button variant="subtle" onClick={() => void begin()}>
            {t('account.mfaRestart')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Button, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, type QueryParams } from '../api/client';
import { notifyError, notifySuccess } from '../lib/notify';

/** Fetches a file with the user's token and saves it; the browser never sees a bare URL. */
export function DownloadButton({
  path,
  params,
  filename,
  children,
  disabled,
  ...rest
}: ButtonProps & {
  path: string;
  params?: QueryParams;
  filename: string;
  children: React.ReactNode;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    // a file that takes a while (a year's export, a long report) says it is being made
    const slow = window.setTimeout(
      () =>
        notifications.show({
          id: `download-${filename}`,
          loading: true,
          title: t('common.preparingFile'),
          message: filename,
          autoClose: false,
          withCloseButton: false,
        }),
      1500,
    );
    try {
      const name = await download(path, params, filename);
      notifySuccess(t('common.downloaded', { name }));
    } catch (err) {
      notifyError(err, t);
    } finally {
      window.clearTimeout(slow);
      notifications.hide(`download-${filename}`);
      setBusy(false);
    }
  };
  return (
    <Button variant="light" loading={busy} disabled={disabled} onClick={() => void run()} {...rest}>
      {children}
    </Button>
  );
}

import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DayInput } from '../../components/DayInput';
import { TimeField } from '../../components/TimeField';
import { isIsoDate, jstToIso, nowJst, toJstDate, toJstTime, todayJst } from '../../lib/format';

/**
 * When a planned visit really took place: the planned day and time, or now when the plan lies
 * ahead (a record's day may not be after today, the server's rule too).
 */
export function recordDefaults(plannedAt: string, now = new Date()): { date: string; time: string } {
  if (toJstDate(plannedAt) > todayJst(now)) return nowJst(now);
  return { date: toJstDate(plannedAt), time: toJstTime(plannedAt) };
}

export function RecordPlannedModal({
  opened,
  plannedAt,
  onClose,
  onConfirm,
  loading,
}: {
  opened: boolean;
  plannedAt: string;
  onClose: () => void;
  onConfirm: (visitedAt: string) => void;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  const [date, setDate] = useState<string | null>(null);
  const [time, setTime] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return;
    const d = recordDefaults(plannedAt);
    setDate(d.date);
    setTime(d.time);
    setError(null);
  }, [opened, plannedAt]);

  return (
    <Modal opened={opened} onClose={onClose} title={t('visit.recordTitle')} centered>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!date || !isIsoDate(date)) return setError(t('validation.date'));
          if (date > todayJst()) return setError(t('visit.recordFuture'));
          onConfirm(jstToIso(date, time));
        }}
      >
        <Stack>
          <Text size="sm">{t('visit.recordHelp')}</Text>
          <Group grow align="flex-start">
            <DayInput
              label={t('visit.visitedOn')}
              required
              value={date}
              onChange={(v) => {
                setDate(v);
                setError(null);
              }}
              error={error}
            />
            <TimeField
              label={t('visit.visitedTime')}
              required
              value={time}
              onChange={(e) => setTime(e.currentTarget.value)}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={loading} data-testid="record-confirm">
              {t('visit.record')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

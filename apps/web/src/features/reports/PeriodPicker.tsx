import { Group, SegmentedControl, Select, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DayInput } from '../../components/DayInput';
import {
  fiscalQuarterRange,
  fiscalYearLabel,
  fiscalYearOf,
  fiscalYearRange,
  formatDate,
  formatEraMonth,
  monthRange,
  todayJst,
  type Period,
} from '../../lib/format';

export type PeriodMode = 'fiscalYear' | 'quarter' | 'month' | 'custom';

const FY_MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3];

/** The period a picker state denotes; null while a custom range is incomplete. */
export function periodOf(
  mode: PeriodMode,
  fy: number,
  quarter: 1 | 2 | 3 | 4,
  month: number,
  custom: { from: string | null; to: string | null },
): Period | null {
  switch (mode) {
    case 'fiscalYear':
      return fiscalYearRange(fy);
    case 'quarter':
      return fiscalQuarterRange(fy, quarter);
    case 'month':
      return monthRange(month >= 4 ? fy : fy + 1, month);
    case 'custom':
      return custom.from && custom.to && custom.from <= custom.to
        ? { from: custom.from, to: custom.to }
        : null;
  }
}

/** Period selection that speaks in fiscal years (年度, from 1 April), fiscal quarters and era months. */
export function PeriodPicker({ onChange }: { onChange: (p: Period | null) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const today = todayJst();
  const currentFy = fiscalYearOf(today);
  const [mode, setMode] = useState<PeriodMode>('fiscalYear');
  const [fy, setFy] = useState(currentFy);
  const [quarter, setQuarter] = useState<1 | 2 | 3 | 4>(1);
  const [month, setMonth] = useState(Number(today.slice(5, 7)));
  const [custom, setCustom] = useState<{ from: string | null; to: string | null }>({ from: null, to: null });

  const period = useMemo(
    () => periodOf(mode, fy, quarter, month, custom),
    [mode, fy, quarter, month, custom],
  );
  useEffect(() => onChange(period), [period, onChange]);

  const fyOptions = Array.from({ length: 8 }, (_, i) => currentFy - i).map((y) => ({
    value: String(y),
    label: fiscalYearLabel(y, lang),
  }));
  const quarterMonths = (q: number) => {
    const r = fiscalQuarterRange(fy, q as 1 | 2 | 3 | 4);
    const m1 = Number(r.from.slice(5, 7));
    const m2 = Number(r.to.slice(5, 7));
    return lang.startsWith('ja') ? `${m1}〜${m2}月` : `${m1}–${m2}`;
  };

  return (
    <div>
      <Text size="sm" fw={500} id="period-mode-label">
        {t('reports.periodKind')}
      </Text>
      <SegmentedControl
        aria-labelledby="period-mode-label"
        value={mode}
        onChange={(v) => setMode(v as PeriodMode)}
        data={[
          { value: 'fiscalYear', label: t('reports.fiscalYear') },
          { value: 'quarter', label: t('reports.quarter') },
          { value: 'month', label: t('reports.month') },
          { value: 'custom', label: t('reports.custom') },
        ]}
        mb="xs"
      />
      <Group align="flex-end" wrap="wrap">
        {mode !== 'custom' && (
          <Select
            label={t('reports.fiscalYear')}
            data={fyOptions}
            value={String(fy)}
            onChange={(v) => v && setFy(Number(v))}
            allowDeselect={false}
            w={260}
          />
        )}
        {mode === 'quarter' && (
          <Select
            label={t('reports.quarter')}
            data={[1, 2, 3, 4].map((q) => ({
              value: String(q),
              label: t('reports.quarterN', { n: q, months: quarterMonths(q) }),
            }))}
            value={String(quarter)}
            onChange={(v) => v && setQuarter(Number(v) as 1 | 2 | 3 | 4)}
            allowDeselect={false}
            w={220}
          />
        )}
        {mode === 'month' && (
          <Select
            label={t('reports.month')}
            data={FY_MONTHS.map((m) => {
              const y = m >= 4 ? fy : fy + 1;
              return {
                value: String(m),
                label: lang.startsWith('ja') ? formatEraMonth(y, m) : `${y}-${String(m).padStart(2, '0')}`,
              };
            })}
            value={String(month)}
            onChange={(v) => v && setMonth(Number(v))}
            allowDeselect={false}
            w={200}
          />
        )}
        {mode === 'custom' && (
          <>
            <DayInput
              label={t('common.from')}
              value={custom.from}
              onChange={(v) => setCustom((c) => ({ ...c, from: v }))}
              w={170}
            />
            <DayInput
              label={t('common.to')}
              value={custom.to}
              onChange={(v) => setCustom((c) => ({ ...c, to: v }))}
              w={170}
            />
          </>
        )}
      </Group>
      {period && (
        <Text size="sm" mt="xs" data-testid="selected-period">
          {t('reports.selectedPeriod', {
            from: formatDate(period.from, lang),
            to: formatDate(period.to, lang),
          })}
        </Text>
      )}
    </div>
  );
}

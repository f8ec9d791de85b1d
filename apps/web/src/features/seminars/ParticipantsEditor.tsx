import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError } from '../../api/errors';
import { OrganizationPicker, type OrgRef } from '../../components/OrganizationPicker';
import { formatNumber, normalizeDigits } from '../../lib/format';

export interface ParticipantRow {
  key: string;
  organization: OrgRef | null;
  name: string;
  attendeeCount: number | '';
}

let seq = 0;
export const participantKey = () => `p${++seq}`;
export const emptyParticipant = (): ParticipantRow => ({
  key: participantKey(),
  organization: null,
  name: '',
  attendeeCount: '',
});

export function isBlankParticipant(r: ParticipantRow): boolean {
  return !r.organization && !r.name.trim() && (r.attendeeCount === '' || r.attendeeCount === 0);
}

export function participantsTotal(rows: ParticipantRow[]): number {
  return rows.reduce((sum, r) => sum + (typeof r.attendeeCount === 'number' ? r.attendeeCount : 0), 0);
}

/** Lines of "name<TAB>count" (or "name,count") pasted from a spreadsheet become rows. */
export function parsePastedParticipants(text: string): ParticipantRow[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const cells = line.split(/\t|,(?=[^,]*$)/);
      const last = normalizeDigits(cells[cells.length - 1] ?? '');
      const hasCount = cells.length > 1 && /^\d+$/.test(last);
      const name = (hasCount ? cells.slice(0, -1).join(' ') : line).trim();
      return { key: participantKey(), organization: null, name, attendeeCount: hasCount ? Number(last) : '' };
    });
}

/**
 * A table editor for many participant rows: each row is a registered organization (searched) or
 * a free name, plus a head count. Enter in the last count cell adds a row; pasting from a
 * spreadsheet adds many at once.
 */
export function ParticipantsEditor({
  rows,
  onChange,
  errors,
}: {
  rows: ParticipantRow[];
  onChange: (rows: ParticipantRow[]) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [pasteOpen, setPasteOpen] = useState(false);
  const [pasteText, setPasteText] = useState('');

  const update = (key: string, patch: Partial<ParticipantRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const addRows = (n: number) => {
    const added = Array.from({ length: n }, emptyParticipant);
    onChange([...rows, ...added]);
    setFocusKey(added[0].key);
  };
  const total = participantsTotal(rows);
  const orgCount = rows.filter((r) => r.organization || r.name.trim()).length;

  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={640}>
        <Table withTableBorder verticalSpacing={4} data-testid="participants-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>#</Table.Th>
              <Table.Th>{t('seminar.participantOrg')}</Table.Th>
              <Table.Th>{t('seminar.participantName')}</Table.Th>
              <Table.Th w={110}>{t('seminar.attendeeCount')}</Table.Th>
              <Table.Th w={44}>
                <span className="visually-hidden">{t('common.actions')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => {
              const rowLabel = `${i + 1}`;
              return (
                <Table.Tr key={r.key}>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {i + 1}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <OrganizationPicker
                      aria-label={`${t('seminar.participantOrg')} ${rowLabel}`}
                      value={r.organization}
                      onChange={(v) => update(r.key, { organization: v })}
                      error={fieldError(errors, `participants.${i}.organizationId`)}
                      size="xs"
                      autoFocus={focusKey === r.key}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={`${t('seminar.participantName')} ${rowLabel}`}
                      size="xs"
                      value={r.name}
                      disabled={!!r.organization}
                      onChange={(e) => update(r.key, { name: e.currentTarget.value })}
                      error={fieldError(errors, `participants.${i}.name`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${t('seminar.attendeeCount')} ${rowLabel}`}
                      size="xs"
                      min={1}
                      max={100000}
                      allowDecimal={false}
                      allowNegative={false}
                      value={r.attendeeCount}
                      onChange={(v) => update(r.key, { attendeeCount: typeof v === 'number' ? v : '' })}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' && !e.nativeEvent.isComposing && i === rows.length - 1) {
                          e.preventDefault();
                          addRows(1);
                        }
                      }}
                      error={fieldError(errors, `participants.${i}.attendeeCount`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`${t('common.remove')} ${rowLabel}`}
                      onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={2}>
                {t('seminar.orgCount')}: {formatNumber(orgCount)}
              </Table.Th>
              <Table.Th ta="right">{t('seminar.totalAttendees')}</Table.Th>
              <Table.Th data-testid="participants-total" aria-live="polite">
                {formatNumber(total)}
              </Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      <Group gap="xs">
        <Button variant="light" size="xs" onClick={() => addRows(1)}>
          + {t('seminar.addRow')}
        </Button>
        <Button variant="light" size="xs" onClick={() => addRows(5)}>
          + {t('seminar.addRows', { count: 5 })}
        </Button>
        <Button variant="subtle" size="xs" onClick={() => setPasteOpen((o) => !o)} aria-expanded={pasteOpen}>
          {t('seminar.paste')}
        </Button>
      </Group>
      {pasteOpen && (
        <Stack gap={4}>
          <Textarea
            label={t('seminar.paste')}
            description={t('seminar.pasteHint')}
            autosize
            minRows={4}
            value={pasteText}
            onChange={(e) => setPasteText(e.currentTarget.value)}
          />
          <Group>
            <Button
              size="xs"
              onClick={() => {
                const parsed = parsePastedParticipants(pasteText);
                if (parsed.length) onChange([...rows.filter((r) => !isBlankParticipant(r)), ...parsed]);
                setPasteText('');
                setPasteOpen(false);
              }}
            >
              {t('seminar.pasteApply')}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

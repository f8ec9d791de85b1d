import { Group, Pagination, Select, Table, Text, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTotal } from '../lib/format';

/** A header cell that sorts by `field`; `sort` is the list's `?sort=` value (`field` or `-field`). */
export function SortableTh({
  field,
  sort,
  onSort,
  children,
}: {
  field: string;
  sort: string | null;
  onSort: (sort: string) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const active = sort === field || sort === `-${field}`;
  const desc = sort === `-${field}`;
  const next = active && !desc ? `-${field}` : field;
  return (
    <Table.Th aria-sort={active ? (desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton
        onClick={() => onSort(next)}
        aria-label={`${typeof children === 'string' ? children : ''} ${next.startsWith('-') ? t('common.sortDesc') : t('common.sortAsc')}`}
        style={{ fontWeight: 700, fontSize: 'inherit' }}
      >
        <Group gap={4} wrap="nowrap">
          <span>{children}</span>
          <span aria-hidden="true">{active ? (desc ? '▼' : '▲') : '↕'}</span>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

export function Pager({
  page,
  pageSize,
  total,
  totalCapped,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  total: number;
  totalCapped?: boolean;
  onPage: (page: number) => void;
  onPageSize?: (size: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between" mt="sm" wrap="wrap" gap="xs">
      <Text size="sm" aria-live="polite">
        {formatTotal(total, totalCapped, i18n.language)}
      </Text>
      <Group gap="sm" wrap="wrap">
        {onPageSize && (
          <Select
            aria-label={t('common.pageSize')}
            size="xs"
            w={90}
            data={['20', '50', '100', '200']}
            value={String(pageSize)}
            onChange={(v) => v && onPageSize(Number(v))}
            allowDeselect={false}
          />
        )}
        {pages > 1 && (
          <Pagination
            size="sm"
            total={pages}
            value={page}
            onChange={onPage}
            getControlProps={(control) => ({
              'aria-label': control === 'previous' ? '‹' : control === 'next' ? '›' : control,
            })}
          />
        )}
      </Group>
    </Group>
  );
}

/** A row spanning the table that says there is nothing, or that it is loading. */
export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan}>
        <Text c="dimmed" size="sm" ta="center" py="md">
          {children}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

import {
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMe } from '../../auth/AuthContext';
import { DayInput } from '../../components/DayInput';
import { DetailList } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow, Pager } from '../../components/TableParts';
import { formatDate, formatNumber } from '../../lib/format';
import { canEditRecords } from '../../lib/roles';
import { useAllPartners } from '../partners/api';
import { useSeminar, useSeminars, type SeminarListQuery } from './api';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { SeminarForm } from './SeminarForm';

export function SeminarsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [page, setPage] = useState(1);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const query: SeminarListQuery = { page, pageSize: 50, from: from ?? undefined, to: to ?? undefined };
  const { data, error, refetch } = useSeminars(query);
  return (
    <>
      <PageHeader
        title={t('seminar.listTitle')}
        actions={
          canEditRecords(me.role) && (
            <Button component={Link} to="/seminars/new">
              {t('seminar.create')}
            </Button>
          )
        }
      />
      <Group mb="md" align="flex-end">
        <DayInput
          label={t('common.from')}
          value={from}
          onChange={(v) => {
            setFrom(v);
            setPage(1);
          }}
          w={160}
        />
        <DayInput
          label={t('common.to')}
          value={to}
          onChange={(v) => {
            setTo(v);
            setPage(1);
          }}
          w={160}
        />
      </Group>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover>
          <VisuallyHidden component="caption">{t('seminar.listTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('seminar.heldOn')}</Table.Th>
              <Table.Th>{t('seminar.title')}</Table.Th>
              <Table.Th>{t('seminar.kind')}</Table.Th>
              <Table.Th>{t('seminar.venue')}</Table.Th>
              <Table.Th ta="right">{t('seminar.totalAttendees')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{formatDate(s.heldOn, i18n.language)}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/seminars/${s.id}`} fw={600}>
                    {s.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(`enums.seminarKind.${s.kind}`, { defaultValue: s.kind })}</Table.Td>
                <Table.Td>{s.venue ?? '—'}</Table.Td>
                <Table.Td ta="right">{formatNumber(s.totalAttendees)}</Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={5}>{t('common.noData')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && (
        <Pager page={page} pageSize={50} total={data.total} totalCapped={data.totalCapped} onPage={setPage} />
      )}
    </>
  );
}

export function SeminarNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('seminar.newTitle')} />
      <SeminarForm onDone={(s) => void navigate(`/seminars/${s.id}`, { replace: true })} />
    </>
  );
}

export function SeminarDetailPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data: partners } = useAllPartners();
  const [editing, setEditing] = useState(false);
  const { data: s, error, refetch } = useSeminar(id);
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!s) return <Loader aria-label={t('app.loading')} />;
  if (editing) {
    return (
      <>
        <PageHeader
          title={t('seminar.editTitle')}
          actions={
            <Button variant="default" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
          }
        />
        <SeminarForm seminar={s} onDone={() => setEditing(false)} />
        <AttachmentsPanel owner="seminar" id={s.id} canUpload mt="md" />
      </>
    );
  }
  const partnerName = (pid: string) => partners?.find((p) => p.id === pid)?.name ?? pid.slice(0, 8);
  return (
    <>
      <PageHeader
        title={s.title}
        sub={
          <Text c="dimmed" size="sm">
            {formatDate(s.heldOn, i18n.language)} ・{' '}
            {t(`enums.seminarKind.${s.kind}`, { defaultValue: s.kind })}
          </Text>
        }
        actions={
          canEditRecords(me.role) && (
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          )
        }
      />
      <Stack>
        <Paper withBorder p="md">
          <DetailList
            items={[
              { label: t('seminar.venue'), value: s.venue },
              {
                label: t('seminar.speakers'),
                value: s.speakers
                  .map((sp) => `${sp.name}${sp.affiliation ? `（${sp.affiliation}）` : ''}`)
                  .join('、'),
              },
              { label: t('seminar.partners'), value: s.partnerIds.map(partnerName).join('、') },
              {
                label: t('seminar.topics'),
                value: (
                  <Group gap={4} component="span">
                    {s.topics.map((c) => (
                      <Badge key={c} variant="light" size="sm">
                        {t(`enums.topic.${c}`, { defaultValue: c })}
                      </Badge>
                    ))}
                  </Group>
                ),
              },
              { label: t('seminar.notes'), value: s.notes },
            ]}
          />
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            {t('seminar.participants')}
          </Title>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('seminar.participantOrg')}</Table.Th>
                <Table.Th ta="right">{t('seminar.attendeeCount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.participants.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    {p.organizationId ? (
                      <Anchor component={Link} to={`/organizations/${p.organizationId}`}>
                        {p.organizationName ?? p.organizationId}
                      </Anchor>
                    ) : (
                      p.name
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(p.attendeeCount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>{t('seminar.totalAttendees')}</Table.Th>
                <Table.Th ta="right">{formatNumber(s.totalAttendees)}</Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Paper>
        <AttachmentsPanel owner="seminar" id={s.id} canUpload={canEditRecords(me.role)} />
      </Stack>
    </>
  );
}

import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { RegisterMatch } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCreateMatch, useLinkMatch, useRegisterMatches } from './api';

/**
 * Register rows the import did not insert because they look like an existing record without a
 * corporate number: link (the record gains the number) or create anyway. `importId` narrows the
 * list to one import (the import page); without it, every pending row of the station.
 */
export function PossibleMatchesPanel({ importId }: { importId?: string }) {
  const { t } = useTranslation();
  const matches = useRegisterMatches('pending');
  const link = useLinkMatch();
  const create = useCreateMatch();
  const items = (matches.data?.items ?? []).filter((m) => !importId || m.importId === importId);
  const busy = (m: RegisterMatch) =>
    (link.isPending && link.variables?.id === m.id) || (create.isPending && create.variables === m.id);
  return (
    <Stack gap="xs" data-testid="possible-matches">
      <Title order={3} size="h4">
        {t('import.matchesTitle')}
      </Title>
      <Text size="sm">{t('import.matchesIntro')}</Text>
      {link.error ? <ErrorAlert error={link.error} /> : null}
      {create.error ? <ErrorAlert error={create.error} /> : null}
      {matches.error ? <ErrorAlert error={matches.error} /> : null}
      {items.length === 0 && !matches.isLoading ? (
        <Text size="sm" c="dimmed" data-testid="possible-matches-empty">
          {t('import.noMatches')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>{t('import.line')}</Table.Th>
                <Table.Th>{t('import.matchRegister')}</Table.Th>
                <Table.Th>{t('import.matchExisting')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id} data-testid="possible-match">
                  <Table.Td ta="right">{m.line}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {m.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.corporateNumber} {m.address ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/organizations/${m.organizationId}`} size="sm">
                      {m.organizationName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {m.organizationAddress ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        onClick={() => link.mutate(m)}
                        loading={link.isPending && link.variables?.id === m.id}
                        disabled={busy(m)}
                        data-testid="possible-match-link"
                      >
                        {t('import.matchLink')}
                      </Button>
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => create.mutate(m.id)}
                        loading={create.isPending && create.variables === m.id}
                        disabled={busy(m)}
                        data-testid="possible-match-create"
                      >
                        {t('import.matchCreate')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {(link.isSuccess || create.isSuccess) && (
        <Badge color="teal" variant="light" data-testid="possible-match-resolved">
          {link.isSuccess ? t('import.matchLinked') : t('import.matchCreated')}
        </Badge>
      )}
    </Stack>
  );
}

import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../auth/AuthContext';
import { formatDate } from '../../lib/format';
import { groupResults, searchItemPath, type SearchItem } from './api';

/** Results grouped by type (対象事業者, 訪問記録, …), each a link to its record. */
export function SearchResults({
  items,
  onPick,
  compact = false,
}: {
  items: readonly SearchItem[];
  onPick?: () => void;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const groups = groupResults(items);
  if (groups.length === 0) return <Text c="dimmed">{t('search.none')}</Text>;
  return (
    <Stack gap={compact ? 'xs' : 'md'} data-testid="search-results">
      {groups.map((g) => (
        <section key={g.type} aria-label={t(`search.types.${g.type}`)}>
          <Title order={compact ? 4 : 3} size={compact ? 'h6' : 'h5'} c="dimmed" mb={4}>
            {t(`search.types.${g.type}`)}
          </Title>
          <Stack gap={compact ? 2 : 'xs'} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {g.items.map((item) => (
              <li key={`${item.type}:${item.id}`}>
                {(() => {
                  const to = searchItemPath(item, me.role);
                  return to ? (
                    <Anchor component={Link} to={to} onClick={onPick} fw={600} size="sm">
                      {item.title}
                    </Anchor>
                  ) : (
                    <Text span fw={600} size="sm">
                      {item.title}
                    </Text>
                  );
                })()}
                {item.date ? (
                  <Text span size="xs" c="dimmed" ml="xs">
                    {formatDate(item.date, i18n.language)}
                  </Text>
                ) : null}
                {item.snippet ? (
                  <Text size="xs" c="dimmed" lineClamp={compact ? 1 : 2}>
                    {item.snippet}
                  </Text>
                ) : null}
              </li>
            ))}
          </Stack>
        </section>
      ))}
    </Stack>
  );
}

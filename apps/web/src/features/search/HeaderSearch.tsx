import { ActionIcon, Anchor, Loader, Popover, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useImeSearch } from '../../lib/useImeSearch';
import { useSearch } from './api';
import { SearchResults } from './SearchResults';

/**
 * The one search box of the header: results grouped by type as the user pauses typing (IME-safe),
 * each a link; Enter opens the full results page. On a phone, a button to that page instead.
 */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const box = useImeSearch('', 250);
  const { data, isFetching } = useSearch(box.committed, 5);
  const query = box.value.trim();
  const close = () => setOpen(false);
  return (
    <>
      <Popover
        opened={open && box.committed.trim().length > 0}
        onChange={setOpen}
        position="bottom-start"
        width={420}
        shadow="md"
        withinPortal
      >
        <Popover.Target>
          <TextInput
            visibleFrom="sm"
            type="search"
            size="xs"
            w={{ sm: 200, md: 300 }}
            aria-label={t('search.label')}
            placeholder={t('search.placeholder')}
            rightSection={isFetching ? <Loader size="xs" /> : null}
            {...box.inputProps}
            onChange={(e) => {
              box.inputProps.onChange(e);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.nativeEvent.isComposing && query) {
                e.preventDefault();
                close();
                void navigate(`/search?q=${encodeURIComponent(query)}`);
              } else if (e.key === 'Escape') close();
            }}
            data-testid="header-search"
          />
        </Popover.Target>
        <Popover.Dropdown>
          {data ? <SearchResults items={data.items} onPick={close} compact /> : <Loader size="sm" />}
          {data && data.items.length > 0 ? (
            <Anchor
              component={Link}
              to={`/search?q=${encodeURIComponent(box.committed.trim())}`}
              size="sm"
              mt="sm"
              display="block"
              onClick={close}
            >
              {t('search.showAll')}
            </Anchor>
          ) : null}
        </Popover.Dropdown>
      </Popover>
      <ActionIcon
        hiddenFrom="sm"
        variant="subtle"
        component={Link}
        to="/search"
        aria-label={t('search.label')}
        size="lg"
      >
        <svg
          width="18"
          height="18"
          viewBox="0 0 24 24"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <circle cx="11" cy="11" r="7" />
          <path d="M20 20l-3.5-3.5" />
        </svg>
      </ActionIcon>
    </>
  );
}

import { Group, Pagination } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The current page and either the number of pages or the row total with the page size. */
type ListPagerProps = {
  page: number;
  onChange: (page: number) => void;
  /** Stable name for tests. */
  testId?: string;
} & ({ total: number; pageSize: number } | { pages: number });

/** Page numbers under a server-paged list, with labelled controls; shown only when there is more than one page. */
export function ListPager(props: ListPagerProps) {
  const { page, onChange, testId } = props;
  const { t } = useTranslation();
  const pages = 'pages' in props ? props.pages : Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return null;
  return (
    <Group justify="center">
      <Pagination
        total={pages}
        value={page}
        onChange={onChange}
        aria-label={t('pager.label')}
        getItemProps={(n) => ({ 'aria-label': t('pager.page', { page: n }) })}
        getControlProps={(control) => ({ 'aria-label': t(`pager.${control}`) })}
        data-testid={testId}
      />
    </Group>
  );
}

import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { usePublisher, useSearch, type Plan, type Profile } from '../api';
import { HitTable } from './HitTable';
import { SEARCH_PAGE_SIZE, searchRequestOf, searchViewFrom } from './searchFilter';
import { ListPager } from '../../../components/ListPager';
import { PaidOnlyNote, WithPlan } from './shared';

/** 掲載企業: a publisher's public profile (contacts for paid readers) and its published products. */
export function PublisherPage() {
  return <WithPlan>{(plan) => <PublisherScreen plan={plan} />}</WithPlan>;
}

function PublisherScreen({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { tenantId } = useParams();
  const publisher = usePublisher(tenantId);
  const profile = publisher.data?.profile;
  usePageTitle(profile ? displayName(profile, lang) : t('catalogDiscover.publisher.title'));
  if (publisher.isPending) return <LoadingState />;
  if (publisher.isError) return isApiStatus(publisher.error, 404) ? <NotFoundContent /> : <ErrorAlert error={publisher.error} onRetry={() => void publisher.refetch()} />;
  return (
    <Stack data-testid="publisher-page">
      <Anchor component={Link} to="/s/catalog/search" size="sm" w="fit-content">
        {t('catalogDiscover.backToSearch')}
      </Anchor>
      <ProfileView profile={publisher.data.profile} paid={plan.subscription === 'paid'} />
      <PublisherProducts tenantId={publisher.data.profile.tenantId} count={publisher.data.productCount} />
    </Stack>
  );
}

function displayName(profile: Profile, lang: 'ja' | 'en'): string {
  return lang === 'en' && profile.displayNameEn !== '' ? profile.displayNameEn : profile.displayName;
}

/** Only web addresses are made links, so a stored value cannot become a script URL. */
function safeWebsite(url: string): string | null {
  return /^https?:\/\//i.test(url) ? url : null;
}

function ProfileView({ profile, paid }: { profile: Profile; paid: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const description = lang === 'en' && profile.descriptionEn !== '' ? profile.descriptionEn : profile.description;
  const website = safeWebsite(profile.website);
  return (
    <Stack>
      <Title order={1} data-testid="publisher-name">
        {displayName(profile, lang)}
      </Title>
      {description !== '' && <Text style={{ whiteSpace: 'pre-wrap' }}>{description}</Text>}
      <Paper withBorder p="md" component="section" aria-labelledby="publisher-profile-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="publisher-profile-title">
            {t('catalogDiscover.publisher.profile')}
          </Title>
          <Table withTableBorder>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row" w={180}>
                  {t('catalogDiscover.publisher.website')}
                </Table.Th>
                <Table.Td>
                  {website ? (
                    <Anchor href={website} target="_blank" rel="noopener noreferrer">
                      {website}
                    </Anchor>
                  ) : (
                    profile.website || '—'
                  )}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('catalogDiscover.publisher.sites')}</Table.Th>
                <Table.Td>{profile.sites.join('、') || '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('catalogDiscover.publisher.certifications')}</Table.Th>
                <Table.Td>
                  {profile.certifications.length === 0 ? (
                    '—'
                  ) : (
                    <Group gap={4}>
                      {profile.certifications.map((c) => (
                        <Badge key={c} variant="outline" color="blue.9" tt="none">
                          {c}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Stack>
      </Paper>
      {paid && profile.contacts ? (
        <Paper withBorder p="md" component="section" aria-labelledby="publisher-contacts-title">
          <Stack gap="sm">
            <Title order={2} size="h4" id="publisher-contacts-title">
              {t('catalogDiscover.publisher.contacts')}
            </Title>
            {profile.contacts.length === 0 ? (
              <Text size="sm">{t('catalogDiscover.publisher.noContacts')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table striped data-testid="publisher-contacts">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('catalogDiscover.publisher.contactName')}</Table.Th>
                      <Table.Th scope="col">{t('catalogDiscover.publisher.department')}</Table.Th>
                      <Table.Th scope="col">{t('catalogDiscover.publisher.email')}</Table.Th>
                      <Table.Th scope="col">{t('catalogDiscover.publisher.phone')}</Table.Th>
                      <Table.Th scope="col">{t('catalogDiscover.publisher.topics')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {profile.contacts.map((c) => (
                      <Table.Tr key={`${c.email}-${c.name}`}>
                        <Table.Td>{c.name}</Table.Td>
                        <Table.Td>{c.department || '—'}</Table.Td>
                        <Table.Td>
                          <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor>
                        </Table.Td>
                        <Table.Td>{c.phone || '—'}</Table.Td>
                        <Table.Td>{c.topics || '—'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>
        </Paper>
      ) : (
        <PaidOnlyNote testId="publisher-paid-note">
          <Text size="sm">{t('catalogDiscover.paidOnly.contacts')}</Text>
        </PaidOnlyNote>
      )}
    </Stack>
  );
}

/** The publisher's published products: the search narrowed to it, paged in the URL. */
function PublisherProducts({ tenantId, count }: { tenantId: string; count: number }) {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const page = searchViewFrom(search).page;
  const result = useSearch(searchRequestOf({ ...searchViewFrom(new URLSearchParams()), publisher: [tenantId], sort: 'name', page }));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="publisher-products-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="publisher-products-title">
            {t('catalogDiscover.publisher.products', { count })}
          </Title>
          <Button component={Link} to={`/s/catalog/search?publisher=${encodeURIComponent(tenantId)}`} variant="light" size="xs" data-testid="publisher-search">
            {t('catalogDiscover.publisher.searchProducts')}
          </Button>
        </Group>
        {result.isPending ? (
          <LoadingState />
        ) : result.isError ? (
          <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />
        ) : result.data.total === 0 ? (
          <Text size="sm">{t('catalogDiscover.publisher.noProducts')}</Text>
        ) : (
          <>
            <HitTable hits={result.data.items} />
            <ListPager
              testId="discover-pager"
              total={result.data.total}
              page={page}
              pageSize={SEARCH_PAGE_SIZE}
              onChange={(page) => setSearch(page > 1 ? new URLSearchParams({ page: String(page) }) : new URLSearchParams())}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}

import { Alert, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useFilterDraft } from '../../../components/useFilterDraft';
import { useCasLookup } from '../api';
import { HitTable } from './HitTable';

/**
 * CAS 番号で探す: the products that contain a substance, with whether the number's check digit
 * is right (the server normalises full-width digits and missing hyphens).
 */
export function CasLookup({ casNumber, onLookup }: { casNumber: string; onLookup: (cas: string) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useFilterDraft({ cas: casNumber });
  const lookup = useCasLookup(casNumber);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onLookup(draft.cas.trim());
  };
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="cas-lookup-title">
      <Stack gap="xs">
        <Title order={2} size="h5" id="cas-lookup-title">
          {t('catalogDiscover.cas.title')}
        </Title>
        <form onSubmit={submit} role="search" aria-label={t('catalogDiscover.cas.title')}>
          <Group align="flex-end">
            <TextInput
              label={t('catalogDiscover.cas.number')}
              placeholder="9003-07-0"
              value={draft.cas}
              onChange={(e) => setDraft({ cas: e.currentTarget.value })}
              data-testid="cas-number"
            />
            <Button type="submit" variant="light" data-testid="cas-submit">
              {t('catalogDiscover.cas.submit')}
            </Button>
            {casNumber !== '' && (
              <Button variant="subtle" onClick={() => onLookup('')} data-testid="cas-close">
                {t('catalogDiscover.cas.close')}
              </Button>
            )}
          </Group>
        </form>
        {casNumber !== '' &&
          (lookup.isPending ? (
            <LoadingState />
          ) : lookup.isError ? (
            <ErrorAlert error={lookup.error} />
          ) : (
            <Stack gap="xs" data-testid="cas-result">
              <Group gap="xs">
                <Text fw={700}>{lookup.data.casNumber}</Text>
                {lookup.data.valid ? (
                  <Badge color="teal.9" variant="light" tt="none" data-testid="cas-valid">
                    {t('catalogDiscover.cas.valid')}
                  </Badge>
                ) : (
                  <Badge color="red.9" variant="light" tt="none" data-testid="cas-invalid">
                    {t('catalogDiscover.cas.invalid')}
                  </Badge>
                )}
              </Group>
              {!lookup.data.valid && (
                <Alert color="orange" variant="light">
                  {t('catalogDiscover.cas.invalidHint')}
                </Alert>
              )}
              {lookup.data.products.length === 0 ? (
                <Text size="sm" data-testid="cas-empty">
                  {t('catalogDiscover.cas.noProducts')}
                </Text>
              ) : (
                <>
                  <Text size="sm">{t('catalogDiscover.cas.found', { count: lookup.data.products.length })}</Text>
                  <HitTable hits={lookup.data.products} />
                </>
              )}
            </Stack>
          ))}
      </Stack>
    </Paper>
  );
}

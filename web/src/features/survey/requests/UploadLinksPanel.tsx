import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { useIssueLink, useRevokeLink, type RequestDetail, type UploadLinkView } from '../api';
import { useSurveyAbilities } from './requestApi';
import { ColumnHeads } from '../tableParts';
import { ConfirmModal } from './ConfirmModal';
import { ActionError } from './requestLabels';

type LinkState = 'live' | 'revoked' | 'expired' | 'submitted';

function stateOf(link: UploadLinkView, now: number): LinkState {
  if (link.submittedAt) return 'submitted';
  if (link.revokedAt) return 'revoked';
  if (Date.parse(link.expiresAt) <= now) return 'expired';
  return 'live';
}

const STATE_COLOR: Record<LinkState, string> = { live: 'teal.9', revoked: 'gray.7', expired: 'red.9', submitted: 'blue.9' };

/** アップロード用リンク: the links mailed to an outside supplier, with reissue and revoke. */
export function UploadLinksPanel({ request, links, onDone }: { request: RequestDetail; links: UploadLinkView[]; onDone: (notice: 'link' | 'revoked') => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useSurveyAbilities();
  const reissue = useIssueLink();
  const revoke = useRevokeLink();
  const [reissuing, setReissuing] = useState(false);
  const [email, setEmail] = useState('');
  const [revoking, setRevoking] = useState<UploadLinkView | null>(null);
  // Read once per render: whether a link has expired is only for display; the server decides.
  const now = Date.now();
  const open = request.status !== 'accepted' && request.status !== 'cancelled';

  return (
    <Card withBorder component="section" aria-labelledby="request-links-heading" data-testid="request-links">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="request-links-heading">
            {t('surveyRequests.links.title')}
          </Title>
          {can.write && open && (
            <Button variant="light" onClick={() => setReissuing(true)} data-testid="link-reissue">
              {t('surveyRequests.links.reissue')}
            </Button>
          )}
        </Group>
        <Text size="sm">{t('surveyRequests.links.intro')}</Text>
        {revoke.isError && <ActionError error={revoke.error} />}
        {links.length === 0 ? (
          <Text c="dimmed">{t('surveyRequests.links.none')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={700}>
            <Table verticalSpacing="xs" fz="sm">
              <ColumnHeads
                labels={[
                  t('surveyRequests.links.email'),
                  t('surveyRequests.links.expiresAt'),
                  t('surveyRequests.links.lastOpenedAt'),
                  t('surveyRequests.links.state'),
                  <VisuallyHidden key="actions">{t('surveyRequests.form.actions')}</VisuallyHidden>,
                ]}
              />
              <Table.Tbody>
                {links.map((link) => {
                  const state = stateOf(link, now);
                  return (
                    <Table.Tr key={link.id} data-testid={`link-row-${state}`}>
                      <Table.Td>{link.email}</Table.Td>
                      <Table.Td>{formatDateTime(link.expiresAt, lang, { withZone: true })}</Table.Td>
                      <Table.Td>{link.lastOpenedAt ? formatDateTime(link.lastOpenedAt, lang) : '—'}</Table.Td>
                      <Table.Td>
                        <Badge color={STATE_COLOR[state]} variant="filled">
                          {t(`surveyRequests.links.${state}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {state === 'live' && can.write && (
                          <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(link)} data-testid="link-revoke">
                            {t('surveyRequests.links.revoke')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <ConfirmModal
        opened={reissuing}
        onClose={() => {
          setReissuing(false);
          reissue.reset();
        }}
        onCancel={() => setReissuing(false)}
        title={t('surveyRequests.links.reissue')}
        action={reissue}
        confirmLabel={t('surveyRequests.links.reissueAction')}
        confirmTestId="link-reissue-confirm"
        onConfirm={() =>
          reissue.mutate(
            { requestId: request.id, ...(email.trim() ? { email: email.trim() } : {}) },
            {
              onSuccess: () => {
                setReissuing(false);
                setEmail('');
                onDone('link');
              },
            },
          )
        }
      >
        <TextInput type="email" label={t('surveyRequests.links.reissueEmail')} placeholder={request.supplierEmail} value={email} onChange={(e) => setEmail(e.currentTarget.value)} data-testid="link-reissue-email" />
      </ConfirmModal>
      <ConfirmModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={t('surveyRequests.links.revoke')}
        action={revoke}
        showError={false}
        confirmLabel={t('surveyRequests.links.revoke')}
        confirmColor="red.8"
        confirmTestId="link-revoke-confirm"
        onConfirm={() => {
          if (!revoking) return;
          revoke.mutate({ requestId: request.id, linkId: revoking.id }, {
            onSuccess: () => {
              setRevoking(null);
              onDone('revoked');
            },
            onError: () => setRevoking(null),
          });
        }}
      >
        <Text>{t('surveyRequests.links.revokeConfirm', { email: revoking?.email ?? '' })}</Text>
      </ConfirmModal>
    </Card>
  );
}

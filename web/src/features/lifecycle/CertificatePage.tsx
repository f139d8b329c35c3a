import { Alert, Anchor, Badge, Button, Card, Group, Modal, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext, useParams } from 'react-router';
import { ApiError, isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { NotFoundContent } from '../../components/NotFoundContent';
import { formatDateTime } from '../../format';
import type { Lang } from '../../i18n';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { formatCalendarDate, useCertificate, useSendCertificate, type Certificate } from './api';

/** The send form: the former contact by default, or another address; the language; the request. */
function SendDialog({ certificate, onClose, onSent }: { certificate: Certificate; onClose: () => void; onSent: (to: string) => void }) {
  const { t } = useTranslation();
  const send = useSendCertificate(certificate.id);
  const [to, setTo] = useState('');
  const [lang, setLang] = useState<Lang>('ja');
  const [requestRef, setRequestRef] = useState('');
  const fieldError = (field: string) => (send.error instanceof ApiError ? send.error.fields[field] : undefined);
  const recipient = to.trim() || certificate.contactEmail;
  const submit = () =>
    send.mutate(
      { lang, ...(to.trim() ? { to: to.trim() } : {}), ...(requestRef.trim() ? { requestRef: requestRef.trim() } : {}) },
      { onSuccess: (sent) => onSent(sent.to) },
    );
  return (
    <Modal.Root opened onClose={onClose} centered>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700}>{t('lifecycle.ops.send.title')}</Modal.Title>
          <Modal.CloseButton aria-label={t('lifecycle.close')} />
        </Modal.Header>
        <Modal.Body>
          <Stack>
            <Text size="sm">{t('lifecycle.ops.send.intro', { name: certificate.tenantName })}</Text>
            {send.isError && <ErrorAlert error={send.error} fieldsShownInline={['to', 'requestRef', 'lang']} />}
            <TextInput
              label={t('lifecycle.ops.send.to')}
              description={certificate.contactEmail ? t('lifecycle.ops.send.toHint', { email: certificate.contactEmail }) : t('lifecycle.ops.send.toRequired')}
              type="email"
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              error={fieldError('to')}
              required={!certificate.contactEmail}
              maxLength={254}
              data-testid="certificate-send-to"
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="certificate-send-lang-label">
                {t('lifecycle.ops.send.language')}
              </Text>
              <SegmentedControl
                aria-labelledby="certificate-send-lang-label"
                value={lang}
                onChange={(value) => setLang(value === 'en' ? 'en' : 'ja')}
                data={[
                  { value: 'ja', label: t('lifecycle.ops.send.ja') },
                  { value: 'en', label: t('lifecycle.ops.send.en') },
                ]}
                w="fit-content"
              />
            </Stack>
            <TextInput
              label={t('lifecycle.ops.send.requestRef')}
              description={t('lifecycle.ops.send.requestRefHint')}
              value={requestRef}
              onChange={(e) => setRequestRef(e.currentTarget.value)}
              error={fieldError('requestRef')}
              maxLength={200}
              data-testid="certificate-send-ref"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('lifecycle.cancel')}
              </Button>
              <Button onClick={submit} loading={send.isPending} disabled={!recipient} data-testid="certificate-send-submit">
                {recipient ? t('lifecycle.ops.send.submit', { email: recipient }) : t('lifecycle.ops.send.submitNoAddress')}
              </Button>
            </Group>
          </Stack>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </Stack>
  );
}

/**
 * One deletion certificate: the tenant, dates, the rows deleted per table, the stored files,
 * the destruction of its data keys, the provider records cleared, and every mailing; staff who
 * may change tenants can e-mail it.
 */
export function CertificatePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { certificateId = '' } = useParams();
  const staff = useOutletContext<StaffSession>();
  const certificate = useCertificate(certificateId);
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  usePageTitle(certificate.data ? t('lifecycle.ops.certificate.title', { name: certificate.data.tenantName }) : t('lifecycle.ops.title'));
  if (certificate.isPending) return <LoadingState />;
  if (isApiStatus(certificate.error, 404) || isApiStatus(certificate.error, 400)) return <NotFoundContent />;
  if (certificate.isError) return <ErrorAlert error={certificate.error} onRetry={() => void certificate.refetch()} />;
  const c = certificate.data;
  const n = (value: number | null) => (value ?? 0).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US');
  const canSend = staff.permissions.includes('ops:tenants:write') && c.status === 'completed';
  return (
    <Stack>
      <Anchor component={Link} to="/ops/lifecycle?tab=certificates" size="sm">
        {t('lifecycle.ops.certificate.back')}
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('lifecycle.ops.certificate.title', { name: c.tenantName })}</Title>
        {canSend && (
          <Button onClick={() => setSending(true)} data-testid="certificate-send-open">
            {t('lifecycle.ops.send.open')}
          </Button>
        )}
      </Group>
      {sentTo && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('lifecycle.close')} onClose={() => setSentTo(null)} data-testid="certificate-sent">
          {t('lifecycle.ops.send.done', { email: sentTo })}
        </Alert>
      )}
      {c.status !== 'completed' && (
        <Alert color="orange" title={t('lifecycle.ops.pending.inProgress')}>
          {t('lifecycle.ops.certificate.inProgress')}
        </Alert>
      )}
      <Card withBorder data-testid="certificate-facts">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Fact label={t('lifecycle.ops.certificate.number')}>{c.id}</Fact>
          <Fact label={t('lifecycle.ops.certificate.tenant')}>
            {c.tenantName}（{c.tenantCode}）
          </Fact>
          <Fact label={t('lifecycle.ops.certificate.status')}>
            <Badge variant="outline" color={c.status === 'completed' ? 'teal.9' : 'grape.9'}>{t(`lifecycle.ops.certificate.statuses.${c.status}`)}</Badge>
          </Fact>
          <Fact label={t('lifecycle.ops.pending.contractEnd')}>{c.contractEndedOn ? formatCalendarDate(c.contractEndedOn, lang) : '—'}</Fact>
          <Fact label={t('lifecycle.ops.pending.purgeOn')}>{formatCalendarDate(c.purgeOn, lang)}</Fact>
          <Fact label={t('lifecycle.ops.certificate.started')}>{formatDateTime(c.startedAt, lang, { withZone: true })}</Fact>
          <Fact label={t('lifecycle.ops.certificate.completedAt')}>{c.completedAt ? formatDateTime(c.completedAt, lang, { withZone: true }) : '—'}</Fact>
          <Fact label={t('lifecycle.ops.certificate.keyDestroyed')}>
            {c.keyDestroyedAt ? t('lifecycle.ops.certificate.keys', { count: c.keysDestroyed ?? 0, at: formatDateTime(c.keyDestroyedAt, lang, { withZone: true }) }) : '—'}
          </Fact>
          <Fact label={t('lifecycle.ops.certificate.files')}>{n(c.filesDeleted)}</Fact>
          <Fact label={t('lifecycle.ops.certificate.rows')}>{n(c.rowsDeleted)}</Fact>
          <Fact label={t('lifecycle.ops.certificate.contact')}>{c.contactEmail ?? t('lifecycle.ops.certificate.noContact')}</Fact>
          <Fact label={t('lifecycle.ops.certificate.runBy')}>{c.runBy}</Fact>
        </SimpleGrid>
      </Card>
      <Text size="sm" c="dimmed">
        {t('lifecycle.ops.certificate.kept')}
      </Text>
      <Title order={2} size="h3">
        {t('lifecycle.ops.certificate.tablesTitle')}
      </Title>
      <Table striped verticalSpacing={4} data-testid="certificate-tables">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('lifecycle.ops.certificate.table')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('lifecycle.ops.certificate.rowCount')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.tables.map((row) => (
            <Table.Tr key={row.table}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {row.table}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{n(row.rows)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={2} size="h3">
        {t('lifecycle.ops.certificate.providerTitle')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('lifecycle.ops.certificate.providerIntro')}
      </Text>
      <Table striped verticalSpacing={4} data-testid="certificate-provider-records">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('lifecycle.ops.certificate.record')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('lifecycle.ops.certificate.rowCount')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.providerRecords.map((row) => (
            <Table.Tr key={row.record}>
              <Table.Td>{t(`lifecycle.ops.certificate.records.${row.record.replace('ops.', '')}` as 'lifecycle.ops.certificate.records.mail_outbox', { defaultValue: row.record })}</Table.Td>
              <Table.Td ta="right">{n(row.count)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={2} size="h3">
        {t('lifecycle.ops.certificate.sendsTitle')}
      </Title>
      {c.sends.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="certificate-sends-empty">
          {t('lifecycle.ops.certificate.noSends')}
        </Text>
      ) : (
        <Table striped verticalSpacing={4} data-testid="certificate-sends">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('lifecycle.ops.certificate.sentAt')}</Table.Th>
              <Table.Th scope="col">{t('lifecycle.ops.certificate.sentTo')}</Table.Th>
              <Table.Th scope="col">{t('lifecycle.ops.certificate.sentBy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.sends.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{formatDateTime(s.sentAt, lang)}</Table.Td>
                <Table.Td>{s.to}</Table.Td>
                <Table.Td>{s.sentByName}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {sending && (
        <SendDialog
          certificate={c}
          onClose={() => setSending(false)}
          onSent={(to) => {
            setSending(false);
            setSentTo(to);
          }}
        />
      )}
    </Stack>
  );
}

import { Anchor, Button, EmptyState, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiStatus } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { LinkifiedText } from '../components/LinkifiedText';
import { LoadingState } from '../components/LoadingState';
import { NotFoundContent } from '../components/NotFoundContent';
import { useMailbox, type OutboxMessage } from '../data/mailbox';
import { usePublicConfig } from '../data/publicConfig';
import { formatDateTime } from '../format';
import { useLang } from '../i18n/useLang';
import { usePageTitle } from '../layout/usePageTitle';

/** The local outbox kept when no SMTP server is configured: list, and one message's text. */
export function MailboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('mailbox.title'));
  const { messageId } = useParams();
  const config = usePublicConfig();
  const mailboxEnabled = config.data?.mailboxEnabled === true;
  const mailbox = useMailbox(mailboxEnabled);

  if (config.isPending) return <LoadingState />;
  if (config.isError) return <ErrorAlert error={config.error} onRetry={() => void config.refetch()} />;
  if (!mailboxEnabled || isApiStatus(mailbox.error, 404)) return <NotFoundContent />;

  let content: ReactNode;
  if (mailbox.isPending) {
    content = <LoadingState />;
  } else if (mailbox.isError) {
    content = <ErrorAlert error={mailbox.error} onRetry={() => void mailbox.refetch()} />;
  } else if (messageId !== undefined) {
    const message = mailbox.data.find((candidate) => candidate.id === messageId);
    content = message ? <MessageDetail message={message} /> : <Text>{t('mailbox.messageNotFound')}</Text>;
  } else if (mailbox.data.length === 0) {
    content = <EmptyState title={t('mailbox.emptyTitle')} description={t('mailbox.emptyBody')} />;
  } else {
    content = <MessageList messages={mailbox.data} />;
  }

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('mailbox.title')}</Title>
          <Text c="dimmed">{t('mailbox.intro')}</Text>
        </div>
        <Group>
          {messageId !== undefined && (
            <Button component={Link} to="/dev/mailbox" variant="default">
              {t('mailbox.back')}
            </Button>
          )}
          <Button variant="light" loading={mailbox.isFetching} onClick={() => void mailbox.refetch()}>
            {t('mailbox.refresh')}
          </Button>
        </Group>
      </Group>
      {content}
    </Stack>
  );
}

function MessageList({ messages }: { messages: OutboxMessage[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover data-testid="mailbox-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('mailbox.date')}</Table.Th>
            <Table.Th scope="col">{t('mailbox.to')}</Table.Th>
            <Table.Th scope="col">{t('mailbox.subject')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {messages.map((message) => (
            <Table.Tr key={message.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(message.createdAt, lang)}</Table.Td>
              <Table.Td>{message.to}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/dev/mailbox/${encodeURIComponent(message.id)}`}>
                  {message.subject}
                </Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function MessageDetail({ message }: { message: OutboxMessage }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Paper withBorder p="md" data-testid="mailbox-message">
      <Stack gap="xs">
        <Title order={2} size="h3">
          {message.subject}
        </Title>
        <Text size="sm">
          {t('mailbox.to')}: {message.to}
        </Text>
        <Text size="sm">
          {t('mailbox.date')}: {formatDateTime(message.createdAt, lang, { withZone: true })}
        </Text>
        <Paper bg="gray.0" p="md" mt="sm">
          <LinkifiedText text={message.text} />
        </Paper>
      </Stack>
    </Paper>
  );
}

import { Alert, Anchor, Badge, Button, FileInput, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { DOCUMENT_KINDS, documentDownloadUrl, useProductDocuments, useUploadDocument, type CatalogDocument, type DocumentKind } from '../api';
import { formatBytes, serverFieldErrors } from './shared';

/** Languages offered for a document (the API takes any two-letter code). */
const DOCUMENT_LANGUAGES = ['ja', 'en', 'zh', 'ko'] as const;

const UPLOAD_FIELDS = ['kind', 'language', 'docVersion', 'issuedOn'] as const;
type UploadField = (typeof UPLOAD_FIELDS)[number] | 'file';

/** Today in Japan, as YYYY-MM-DD (the default issue date). */
function todayInJapan(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

function DocumentTable({ documents, caption }: { documents: CatalogDocument[]; caption: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped verticalSpacing="xs" captionSide="top" data-testid="document-table">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('catalogPublish.documents.kind')}</Table.Th>
            <Table.Th scope="col">{t('catalogPublish.documents.language')}</Table.Th>
            <Table.Th scope="col">{t('catalogPublish.documents.docVersion')}</Table.Th>
            <Table.Th scope="col">{t('catalogPublish.documents.issuedOn')}</Table.Th>
            <Table.Th scope="col">{t('catalogPublish.documents.file')}</Table.Th>
            <Table.Th scope="col">{t('catalogPublish.documents.addedAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {documents.map((doc) => (
            <Table.Tr key={doc.id} data-testid="document-row">
              <Table.Td>
                {t(`catalog.enum.docKind.${doc.kind}`)}
                {!doc.isCurrent && (
                  <Badge ml="xs" color="gray.8" variant="outline">
                    {t('catalogPublish.documents.superseded')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{(DOCUMENT_LANGUAGES as readonly string[]).includes(doc.language) ? t(`catalog.enum.language.${doc.language as (typeof DOCUMENT_LANGUAGES)[number]}`) : doc.language}</Table.Td>
              <Table.Td>{doc.docVersion}</Table.Td>
              <Table.Td>{doc.issuedOn ?? ''}</Table.Td>
              <Table.Td>
                <Anchor href={documentDownloadUrl(doc.id)} download={doc.fileName} size="sm" data-testid="document-download">
                  {t('catalogPublish.documents.download', { name: doc.fileName })}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {formatBytes(doc.bytes, lang)}
                </Text>
              </Table.Td>
              <Table.Td>{formatDateTime(doc.createdAt, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The upload form: what the file is (kind, language, version, issue date) and the file itself. */
function UploadForm({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const upload = useUploadDocument(productId);
  const [kind, setKind] = useState<DocumentKind>('sds');
  const [language, setLanguage] = useState<string>('ja');
  const [docVersion, setDocVersion] = useState('');
  const [issuedOn, setIssuedOn] = useState(todayInJapan);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Partial<Record<UploadField, string>>>({});
  const [uploaded, setUploaded] = useState<CatalogDocument | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    upload.reset();
    setUploaded(null);
    const next: Partial<Record<UploadField, string>> = {};
    if (docVersion.trim() === '') next.docVersion = t('catalogPublish.required');
    if (issuedOn === '') next.issuedOn = t('catalogPublish.required');
    if (!file) next.file = t('catalogPublish.documents.fileRequired');
    setErrors(next);
    if (!file || Object.keys(next).length > 0) return;
    upload.mutate(
      { kind, language, docVersion: docVersion.trim(), issuedOn, file },
      {
        onSuccess: (doc) => {
          setUploaded(doc);
          setFile(null);
          setDocVersion('');
        },
        onError: (error) => {
          const fields = serverFieldErrors(error);
          setErrors(Object.fromEntries(UPLOAD_FIELDS.filter((f) => fields[f] !== undefined).map((f) => [f, fields[f]])));
        },
      },
    );
  };

  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit} noValidate aria-label={t('catalogPublish.documents.uploadTitle')}>
        <Stack gap="xs">
          <Text fw={700} size="sm">
            {t('catalogPublish.documents.uploadTitle')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('catalogPublish.documents.uploadHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            <NativeSelect
              label={t('catalogPublish.documents.kind')}
              value={kind}
              error={errors.kind}
              onChange={(e) => setKind(DOCUMENT_KINDS.find((k) => k === e.currentTarget.value) ?? 'sds')}
              data={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`catalog.enum.docKind.${k}`) }))}
              data-testid="document-kind"
            />
            <NativeSelect
              label={t('catalogPublish.documents.language')}
              value={language}
              error={errors.language}
              onChange={(e) => setLanguage(e.currentTarget.value)}
              data={DOCUMENT_LANGUAGES.map((l) => ({ value: l, label: t(`catalog.enum.language.${l}`) }))}
              data-testid="document-language"
            />
            <TextInput
              label={t('catalogPublish.documents.docVersion')}
              placeholder="1.0"
              required
              maxLength={40}
              value={docVersion}
              error={errors.docVersion}
              onChange={(e) => setDocVersion(e.currentTarget.value)}
              data-testid="document-version"
            />
            <TextInput
              type="date"
              label={t('catalogPublish.documents.issuedOn')}
              required
              value={issuedOn}
              error={errors.issuedOn}
              onChange={(e) => setIssuedOn(e.currentTarget.value)}
              data-testid="document-issued-on"
            />
            <FileInput
              label={t('catalogPublish.documents.file')}
              required
              value={file}
              error={errors.file}
              onChange={setFile}
              clearable
              clearButtonProps={{ 'aria-label': t('catalogPublish.documents.clearFile') }}
              data-testid="document-file"
            />
          </SimpleGrid>
          {upload.isError && <ErrorAlert error={upload.error} fieldsShownInline={UPLOAD_FIELDS} />}
          {uploaded && (
            <Alert color="green" variant="light" role="status" data-testid="document-uploaded">
              {t('catalogPublish.documents.uploaded', { name: uploaded.fileName })}
            </Alert>
          )}
          <div>
            <Button type="submit" variant="light" loading={upload.isPending} data-testid="document-upload">
              {t('catalogPublish.documents.upload')}
            </Button>
          </div>
        </Stack>
      </form>
    </Paper>
  );
}

/** 資料: SDS, TDS and other files of a saved product; a new upload supersedes the current one of the same kind and language. */
export function DocumentsPanel({ productId, canWrite }: { productId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const documents = useProductDocuments(productId);
  const current = documents.data?.filter((d) => d.isCurrent) ?? [];
  const older = documents.data?.filter((d) => !d.isCurrent) ?? [];

  return (
    <Stack gap="xs" data-testid="documents-panel">
      <Title order={2} size="h4">
        {t('catalogPublish.documents.title')}
      </Title>
      {canWrite && <UploadForm productId={productId} />}
      {documents.isPending ? (
        <LoadingState />
      ) : documents.isError ? (
        <ErrorAlert error={documents.error} onRetry={() => void documents.refetch()} />
      ) : documents.data.length === 0 ? (
        <Text size="sm" data-testid="documents-empty">
          {canWrite ? t('catalogPublish.documents.emptyWriter') : t('catalogPublish.documents.empty')}
        </Text>
      ) : (
        <>
          {current.length > 0 && <DocumentTable documents={current} caption={t('catalogPublish.documents.current')} />}
          {older.length > 0 && <DocumentTable documents={older} caption={t('catalogPublish.documents.older')} />}
        </>
      )}
    </Stack>
  );
}

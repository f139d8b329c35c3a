import { Alert, Anchor, Button, FileInput, Group, List, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ImportRejected, importTemplateUrl, useImportProducts, type ImportResult } from '../api';
import { PublishDialog } from './shared';

/**
 * 一括取り込み: products from a CSV or Excel file, created as drafts. The server takes all rows
 * or none; a refused file comes back with the wrong rows, listed here to fix and try again.
 */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const upload = useImportProducts();
  const rejected = upload.error instanceof ImportRejected ? upload.error : null;

  const run = () => {
    if (!file) return;
    upload.mutate(file, { onSuccess: setDone });
  };

  return (
    <PublishDialog title={t('catalogPublish.import.title')} onClose={onClose} size="xl">
      <Stack data-testid="import-dialog">
        <Text size="sm">{t('catalogPublish.import.intro')}</Text>
        <Group gap="md">
          <Text size="sm">{t('catalogPublish.import.templates')}</Text>
          <Anchor href={importTemplateUrl('csv')} download size="sm" data-testid="import-template-csv">
            {t('catalogPublish.import.templateCsv')}
          </Anchor>
          <Anchor href={importTemplateUrl('xlsx')} download size="sm" data-testid="import-template-xlsx">
            {t('catalogPublish.import.templateXlsx')}
          </Anchor>
        </Group>
        {done ? (
          <Alert color="green" role="status" data-testid="import-done">
            <Text size="sm">{t('catalogPublish.import.done', { count: done.created })}</Text>
            <List size="sm" mt="xs">
              {done.products.slice(0, 20).map((product) => (
                <List.Item key={product.id}>
                  <Anchor component={Link} to={`/s/catalog/products/${product.id}`} size="sm" onClick={onClose}>
                    {product.name}
                  </Anchor>
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <>
            <FileInput
              label={t('catalogPublish.import.file')}
              description={t('catalogPublish.import.fileHint')}
              accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              value={file}
              onChange={(next) => {
                setFile(next);
                upload.reset();
              }}
              clearable
              clearButtonProps={{ 'aria-label': t('catalogPublish.import.clearFile') }}
              data-testid="import-file"
            />
            {rejected && (
              <Stack gap="xs" data-testid="import-errors">
                <Alert color="red" title={t('catalogPublish.import.rejected')}>
                  {rejected.message}
                </Alert>
                <Table.ScrollContainer minWidth={480} mah={320}>
                  <Table striped withTableBorder captionSide="top">
                    <Table.Caption>{t('catalogPublish.import.errorsCaption', { count: rejected.rows.length })}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t('catalogPublish.import.row')}</Table.Th>
                        <Table.Th scope="col">{t('catalogPublish.import.column')}</Table.Th>
                        <Table.Th scope="col">{t('catalogPublish.import.message')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rejected.rows.map((e, index) => (
                        <Table.Tr key={`${e.row}-${e.column}-${index}`} data-testid="import-error-row">
                          <Table.Td>{e.row}</Table.Td>
                          <Table.Td>{e.column}</Table.Td>
                          <Table.Td>{e.message}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Stack>
            )}
            {upload.isError && !rejected && <ErrorAlert error={upload.error} />}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="import-close">
            {done ? t('catalogPublish.close') : t('catalogPublish.cancel')}
          </Button>
          {!done && (
            <Button disabled={!file} loading={upload.isPending} onClick={run} data-testid="import-run">
              {t('catalogPublish.import.run')}
            </Button>
          )}
        </Group>
      </Stack>
    </PublishDialog>
  );
}

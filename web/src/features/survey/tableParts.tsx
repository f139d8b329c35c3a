import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** A table's head: one row of column heads, in order. */
export function ColumnHeads({ labels }: { labels: ReactNode[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {labels.map((label, index) => (
          <Table.Th key={index} scope="col">
            {label}
          </Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}

/** The items of a request, one row each: product number, name, the supplier's number. */
export function RequestItemRows({ items }: { items: { key: string; productNumber: string; name: string; supplierProductNumber: string }[] }) {
  return (
    <Table.Tbody>
      {items.map((item) => (
        <Table.Tr key={item.key}>
          <Table.Td>{item.productNumber}</Table.Td>
          <Table.Td>{item.name}</Table.Td>
          <Table.Td>{item.supplierProductNumber}</Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
}

/**
 * A table's column heads. Kept apart from the register's other pieces (it imports nothing), so that a
 * page of another area can use it without loading the register's texts.
 */
import type { ComponentChildren } from 'preact';

/**
 * The heads of a table's columns: `children` first (a select-all box), then `columns`, then, named for a
 * screen reader only, a last column of the row's buttons when `actions` is given.
 */
export function TableHead({
  columns,
  actions,
  children,
}: {
  columns: readonly string[];
  actions?: string;
  children?: ComponentChildren;
}) {
  return (
    <thead>
      <tr>
        {children}
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
        {actions !== undefined && (
          <th scope="col">
            <span class="visually-hidden">{actions}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

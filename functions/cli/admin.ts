/**
 * npm run admin -- create --name <name> --phone <phone> [--company <companyId>]
 *
 * Puts the first admin on the staff roster of the table TABLE_NAME (DynamoDB Local when
 * DYNAMODB_ENDPOINT is set, else the AWS account of the current credentials). Running it again with
 * the same phone number changes nothing.
 */
import { parseArgs } from 'node:util';

const USAGE = 'usage: npm run admin -- create --name <name> --phone <phone> [--company <companyId>]';

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`admin: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (positionals[0] !== 'create' || positionals.length !== 1 || !values.name || !values.phone) {
    console.error(USAGE);
    return 2;
  }
  if (!process.env.TABLE_NAME) {
    console.error('admin: set TABLE_NAME (and DYNAMODB_ENDPOINT for DynamoDB Local)');
    return 2;
  }
  // Imported after the checks: the store reads its configuration at import.
  const { ensureFirstAdmin, FirstAdminError } = await import('../auth/first-admin.ts');
  try {
    const { created, staff } = await ensureFirstAdmin({
      name: values.name,
      phone: values.phone,
      ...(values.company === undefined ? {} : { companyId: values.company }),
    });
    console.log(
      created
        ? `admin created: ${staff.name} ${staff.phone} (id ${staff.staffId}, company ${staff.companyId})`
        : `already on the roster: ${staff.name} ${staff.phone} (id ${staff.staffId}, roles ${staff.roles.join(', ')})`,
    );
    return 0;
  } catch (error) {
    if (error instanceof FirstAdminError) {
      console.error(`admin: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { name: { type: 'string' }, phone: { type: 'string' }, company: { type: 'string' } },
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

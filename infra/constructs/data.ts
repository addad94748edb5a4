import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../shared/table.ts';

export interface DataProps {
  /**
   * Keep the table when the stack is deleted and refuse DeleteTable calls. On for every stage that
   * holds real tickets; off in dev so `cdk destroy` cleans up.
   */
  readonly protectData: boolean;
}

/**
 * The single DynamoDB table, built from shared/table.ts (the local runtime builds DynamoDB Local's
 * table from the same object). On-demand, point-in-time recovery on, encrypted with the AWS-managed
 * key: a customer-managed key would add cost and key policy work for no reader we need to exclude.
 */
export class Data extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);

    const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

    this.table = new Table(this, 'table', {
      partitionKey: stringKey(TABLE_DEFINITION.partitionKey),
      sortKey: stringKey(TABLE_DEFINITION.sortKey),
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.protectData,
      removalPolicy: props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    for (const index of TABLE_DEFINITION.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
      });
    }
  }
}

/**
 * Configuration of every handler, read once at module load. A missing variable fails the cold
 * start loudly instead of failing later inside a request.
 */
function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Sitecall: the environment variable ${name} is not set`);
  }
  return value;
}

export const config = {
  /** The one DynamoDB table (see shared/table.ts). */
  tableName: required('TABLE_NAME'),
  /** Set only by the local runtime: DynamoDB Local's URL. In AWS the SDK finds the endpoint itself. */
  dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
  /** The release, from package.json; set by the CDK stack and by the local runtime. */
  version: process.env.APP_VERSION || '0.0.0-dev',
  /**
   * The ticket-timer state machine (AWS only; set by the CDK stack on the functions that write tickets):
   * when set, the timer port of the process starts its executions (functions/timers/sfn-port.ts).
   */
  timerStateMachineArn: process.env.TIMER_STATE_MACHINE_ARN || undefined,
} as const;

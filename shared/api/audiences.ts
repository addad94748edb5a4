/**
 * The HTTP API, split by audience. Each audience is one Lambda function in AWS (its own
 * permissions and its own bundle) and one Hono app mounted on the local server. The route
 * patterns use API Gateway's syntax; the CDK stack creates exactly these routes.
 */
export const AUDIENCES = {
  /** Customers: fault intake from a contract link or a device's QR label, status pages. No account. */
  public: { routes: ['GET /api/health', 'ANY /api/public/{proxy+}'] },
  /** Sign-in by SMS code, token refresh, sign-out. */
  auth: { routes: ['ANY /api/auth/{proxy+}'] },
  /** Engineers on the phone: their tickets, check-in, inspections, the offline outbox. */
  field: { routes: ['ANY /api/field/{proxy+}'] },
  /** Dispatchers, project managers, supervisors and admins. */
  desk: { routes: ['ANY /api/desk/{proxy+}'] },
} as const satisfies Record<string, { routes: readonly string[] }>;

export type Audience = keyof typeof AUDIENCES;
export const AUDIENCE_NAMES = Object.keys(AUDIENCES) as Audience[];

/**
 * The two level scales, apart from the policy so that schemas which only name a level (tickets, the
 * PWA's forms) do not pull the calendar code and its date library into a bundle.
 */
import * as z from 'zod';

/** 服务级别 of a contract. */
export const ServiceLevelSchema = z.enum(['A', 'B', 'C']);
export type ServiceLevel = z.infer<typeof ServiceLevelSchema>;

/** 故障级别: 1 一级 (major) is the most severe, 3 三级 (minor) the least. */
export const FaultLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type FaultLevel = z.infer<typeof FaultLevelSchema>;
